import '../../styles/main.css';
import { startPage } from '../../layout/page-shell.js';
import { renderReportCard } from './report-card-page.js';

startPage({ id: 'report-card', render: renderReportCard });
