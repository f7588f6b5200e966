import { PAGES } from '../layout/pages.js';
import { parseViewState } from '../state/url-state.js';
import type { CurrentUser } from './current-user.js';
import { ROLES } from './current-user.js';
import {
  accessFor,
  clinicChoices,
  forbiddenTitle,
  hasDataPanels,
  mayOpen,
  offersFilter,
  ROLE_ACCESS,
  viewForRole,
  limitedViewNotes,
} from './role-access.js';

const CLINIC_A = '0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a';
const CLINIC_B = '0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b';
const user = (role: string, clinics: string[] = []): CurrentUser => ({
  name: `${role}@clinic.example`,
  role,
  clinics,
  therapist: role === 'therapist' ? '0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c' : null,
});

describe('who sees which pages', () => {
  it.each([
    [
      'admin',
      ['overview', 'within-session', 'across-sessions', 'course', 'techniques', 'therapists', 'data', 'record', 'claims', 'report-card', 'users'],
    ],
    ['owner', ['overview', 'within-session', 'across-sessions', 'course', 'techniques', 'therapists', 'data', 'record', 'claims', 'report-card', 'users']],
    ['therapist', ['overview', 'within-session', 'across-sessions', 'course', 'techniques', 'therapists', 'data', 'record', 'report-card']],
    ['marketing', ['overview', 'within-session', 'across-sessions', 'techniques', 'claims']],
  ])('%s: %j', (role, pages) => {
    const access = accessFor(role);
    expect(PAGES.filter((page) => mayOpen(access, page.id)).map((page) => page.id)).toEqual(pages);
  });

  it('has an entry for every role the API knows, naming only pages that exist', () => {
    const ids = new Set(PAGES.map((page) => page.id));
    for (const role of ROLES) {
      expect(ROLE_ACCESS[role]).toBeDefined();
      for (const page of ROLE_ACCESS[role].pages) expect(ids.has(page)).toBe(true);
    }
  });

  it('offers nothing to a role it does not know', () => {
    const access = accessFor('auditor');
    expect(PAGES.some((page) => mayOpen(access, page.id))).toBe(false);
    expect(hasDataPanels(access)).toBe(false);
    expect(access.filterValues).toBe(false);
    expect(access.counts).toBe('none');
  });

  it('lets an admin manage every role and an owner therapists only; the others no one', () => {
    expect(accessFor('admin').people).toEqual({
      manages: ['admin', 'owner', 'therapist', 'marketing'],
      names: true,
    });
    expect(accessFor('owner').people).toEqual({ manages: ['therapist'], names: true });
    expect(accessFor('therapist').people).toEqual({ manages: [], names: false });
    expect(accessFor('marketing').people).toEqual({ manages: [], names: false });
  });

  it('says plainly which role may not see a page', () => {
    expect(forbiddenTitle(accessFor('marketing'))).toBe('Your role (marketing) may not see this page');
  });
});

describe('the Data page by role', () => {
  it('gives admins every panel, and owners every panel with their own batches', () => {
    expect(accessFor('admin').data).toEqual({ upload: true, batches: 'all', coverage: true, export: 'view', clientRights: true });
    expect(accessFor('owner').data).toEqual({ upload: true, batches: 'own', coverage: true, export: 'view', clientRights: true });
  });

  it('gives therapists the map of missing measurements and the export of their own sessions (no upload, no batches)', () => {
    expect(accessFor('therapist').data).toEqual({
      upload: false,
      batches: 'none',
      coverage: true,
      export: 'own-sessions',
      clientRights: false,
    });
  });

  it('gives marketing nothing: no upload, export or batches (the API answers 403)', () => {
    expect(hasDataPanels(accessFor('marketing'))).toBe(false);
  });
});

describe('filters by role', () => {
  it('offers marketing the measure and no other filter (the API refuses the others: differencing)', () => {
    const marketing = accessFor('marketing');
    for (const control of ['site', 'condition', 'technique', 'clinic', 'therapist', 'dates'] as const)
      expect({ control, offered: offersFilter(marketing, control) }).toEqual({ control, offered: false });
    expect(marketing.filters).toEqual(['measure']);
    expect(marketing.singleChoice).toEqual([]);
    // The whole practice's counts only: the API takes no filter but the measure for marketing.
    expect(marketing.counts).toBe('whole-practice');
    expect(marketing.suppressed).toBe(true);
  });

  it('drops from a shared link what marketing may not ask for: every filter but the measure', () => {
    const view = parseViewState(
      `?measure=ppt&site=upper_trapezius_left&technique=swedish,deep_tissue&condition=neck_pain&clinic=${CLINIC_A}&therapist=t001&from=2024-01-01&to=2024-06-30&mcid=25`,
    );
    const allowed = viewForRole(view, accessFor('marketing'), user('marketing'));
    expect(allowed.filters).toEqual({
      measure: 'ppt',
      site: undefined,
      condition: [],
      technique: [],
      clinic: [],
      therapist: [],
      from: undefined,
      to: undefined,
    });
    expect(allowed.options).toEqual({ mcid: '25' });
  });

  it('limits an owner’s clinics to their own, in the list and in a link', () => {
    const owner = user('owner', [CLINIC_A]);
    const options = [
      { value: CLINIC_A, label: '0a0a0a0a…' },
      { value: CLINIC_B, label: '0b0b0b0b…' },
    ];
    expect(clinicChoices(options, accessFor('owner'), owner)).toEqual([options[0]]);
    const view = parseViewState(`?clinic=${CLINIC_A},${CLINIC_B}&technique=swedish,deep_tissue`);
    const allowed = viewForRole(view, accessFor('owner'), owner);
    expect(allowed.filters.clinic).toEqual([CLINIC_A]);
    expect(allowed.filters.technique).toEqual(['deep_tissue', 'swedish']);
    // Never a silent substitution: the page is told what was taken out.
    expect(limitedViewNotes(view, allowed)).toEqual([
      'This link asked for a clinic that is not one of yours (0b0b0b0b…): the view was limited to your clinics.',
    ]);
    expect(limitedViewNotes(allowed, viewForRole(allowed, accessFor('owner'), owner))).toEqual([]);
  });

  it('leaves an admin’s view and clinic list as they are', () => {
    const view = parseViewState(`?clinic=${CLINIC_A},${CLINIC_B}&from=2024-01-01`);
    expect(viewForRole(view, accessFor('admin'), user('admin'))).toEqual(view);
    expect(clinicChoices([{ value: CLINIC_B }], accessFor('admin'), user('admin'))).toEqual([
      { value: CLINIC_B },
    ]);
  });

  it('marks a therapist’s own point on the funnel', () => {
    expect(accessFor('therapist').highlightSelf).toBe(true);
    expect(accessFor('owner').highlightSelf).toBe(false);
  });
});
