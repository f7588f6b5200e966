import '../../styles/main.css';
import { startPage } from '../../layout/page-shell.js';
import { renderAcrossSessions } from './across-sessions-page.js';

startPage({ id: 'across-sessions', render: renderAcrossSessions });
