import '../../styles/main.css';
import { startPage } from '../../layout/page-shell.js';
import { renderClaims } from './claims-page.js';

// Claims have their own terms (the whole practice, one measure): no filter bar.
startPage({ id: 'claims', render: renderClaims, filters: false });
