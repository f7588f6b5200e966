import '../../styles/main.css';
import { startPage } from '../../layout/page-shell.js';
import { renderRecord } from './record-page.js';

startPage({ id: 'record', render: renderRecord, filters: false });
