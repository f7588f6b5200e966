import '../../styles/main.css';
import { startPage } from '../../layout/page-shell.js';
import { renderTherapists } from './therapists-page.js';

startPage({ id: 'therapists', render: renderTherapists });
