import '../../styles/main.css';
import { startPage } from '../../layout/page-shell.js';
import { renderUsers } from './users-page.js';

startPage({ id: 'users', render: renderUsers, filters: false });
