import '../../styles/main.css';
import { startPage } from '../../layout/page-shell.js';
import { renderData } from './data-page.js';

startPage({ id: 'data', render: renderData });
