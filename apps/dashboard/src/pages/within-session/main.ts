import '../../styles/main.css';
import { startPage } from '../../layout/page-shell.js';
import { renderWithinSession } from './within-session-page.js';

startPage({ id: 'within-session', render: renderWithinSession });
