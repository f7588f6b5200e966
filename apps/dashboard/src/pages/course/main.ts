import '../../styles/main.css';
import { startPage } from '../../layout/page-shell.js';
import { renderCourse } from './course-page.js';

startPage({ id: 'course', render: renderCourse });
