/**
 * The dashboard's pages: one per question, each a real HTML page (a link can be opened, shared,
 * reloaded). Which of them a signed-in user is offered depends on their role (auth/role-access.ts).
 */

export type PageId =
  | 'overview'
  | 'within-session'
  | 'across-sessions'
  | 'course'
  | 'techniques'
  | 'therapists'
  | 'data'
  | 'claims'
  | 'report-card'
  | 'users'
  | 'record';

export interface PageInfo {
  id: PageId;
  /** Path the API serves the page at (the built dashboard's folders). */
  path: string;
  title: string;
  /** The question the page answers, shown under its title. */
  question: string;
}

export const PAGES: readonly PageInfo[] = [
  {
    id: 'overview',
    path: '/',
    title: 'Overview',
    question: 'Are our clients getting better, and on which technique?',
  },
  {
    id: 'within-session',
    path: '/within-session/',
    title: 'Within a session',
    question: 'What changes between the start and the end of one session?',
  },
  {
    id: 'across-sessions',
    path: '/across-sessions/',
    title: 'Across sessions',
    question: 'What accumulates over a course of sessions, and who stays to the end?',
  },
  {
    id: 'course',
    path: '/course/',
    title: 'Course of treatment',
    question: 'How many sessions until a meaningful change, and does it hold afterwards?',
  },
  {
    id: 'techniques',
    path: '/techniques/',
    title: 'Techniques compared',
    question: 'Which technique does better, by how much, and how sure are we?',
  },
  {
    id: 'therapists',
    path: '/therapists/',
    title: 'Therapists',
    question: 'How do therapists’ results compare, allowing for how many clients each has seen?',
  },
  {
    id: 'data',
    path: '/data/',
    title: 'Data',
    question: 'What has been loaded, what was refused, and which measurements are missing?',
  },
  {
    id: 'record',
    path: '/record/',
    title: 'Record a session',
    question: 'What did this session’s readings show? Saved once, even offline.',
  },
  {
    id: 'claims',
    path: '/claims/',
    title: 'Claims',
    question: 'What may we say in public about our results, and what may we not?',
  },
  {
    id: 'report-card',
    path: '/report-card/',
    title: 'Report card',
    question: 'One page to print or hand over: how did our clients do in this period?',
  },
  {
    id: 'users',
    path: '/users/',
    title: 'People',
    question: 'Who may sign in, what do they see, and what are our clinics and therapists called?',
  },
];

export function pageInfo(id: PageId): PageInfo {
  const page = PAGES.find((candidate) => candidate.id === id);
  if (page === undefined) throw new Error(`unknown page ${id}`);
  return page;
}
