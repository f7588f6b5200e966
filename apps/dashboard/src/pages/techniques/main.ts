import '../../styles/main.css';
import { startPage } from '../../layout/page-shell.js';
import { renderTechniques } from './techniques-page.js';

startPage({ id: 'techniques', render: renderTechniques });
