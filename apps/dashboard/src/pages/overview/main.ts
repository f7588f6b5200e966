import '../../styles/main.css';
import { startPage } from '../../layout/page-shell.js';
import { renderOverview } from './overview-page.js';

startPage({ id: 'overview', render: renderOverview });
