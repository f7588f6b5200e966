/**
 * /api/cohorts/* on the practice demo data, ingested through the real ingest: every count is
 * checked against the same count made here from the file's rows, as the ingest reads them.
 */
import { compareCodePoints, findMeasure, type MeasureDefinition } from '@threshold/stats';
import type { MeasurementRow } from '@threshold/ingest';
import { createUser } from '../testing/users.js';
import { DEMO_DATA } from '../testing/repository-paths.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import type {
  CohortCoverageDto,
  CohortFilterOptionsDto,
  CohortSummaryDto,
} from './dto/cohort-responses.dto.js';
import { ingestFile, readRows, testPseudonymizer } from './testing/outcome-files.js';

const PRACTICE = `${DEMO_DATA}practice.csv`;

const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];
const sorted = (values: readonly string[]): string[] => [...values].sort(compareCodePoints);

/** The summary, counted from rows. */
function summaryOf(
  rows: readonly MeasurementRow[],
  key: (kind: 'clinic' | 'therapist', id: string) => string,
): Omit<CohortSummaryDto, 'dataVersion'> {
  const dates = rows
    .map((row) => row.sessionDate)
    .filter((date): date is string => date !== null)
    .sort();
  return {
    clients: distinct(rows.map((row) => row.clientId)).length,
    sessions: distinct(rows.map((row) => `${row.clientId}\u0000${row.session}`)).length,
    measurements: rows.length,
    clinics: distinct(rows.flatMap((row) => (row.clinicId === null ? [] : [key('clinic', row.clinicId)])))
      .length,
    therapists: distinct(
      rows.flatMap((row) => (row.therapistId === null ? [] : [key('therapist', row.therapistId)])),
    ).length,
    measures: sorted(distinct(rows.map((row) => row.measure))).map((code) => {
      const measure = findMeasure(code) as MeasureDefinition;
      const of = rows.filter((row) => row.measure === code);
      return {
        code,
        unit: measure.canonicalUnit,
        label: measure.label,
        clients: distinct(of.map((row) => row.clientId)).length,
        measurements: of.length,
      };
    }),
    dateRange: { from: dates[0] ?? null, to: dates.at(-1) ?? null },
  };
}

describe('GET /api/cohorts', () => {
  let t: TestApp;
  let rows: MeasurementRow[];
  const key = (kind: 'clinic' | 'therapist', id: string) => testPseudonymizer(t).key(kind, id);

  beforeAll(async () => {
    t = await startTestApp({ reportCron: '0 0 1 1 *' });
    await ingestFile(t, PRACTICE);
    rows = await readRows(PRACTICE);
  }, 120_000);
  afterAll(() => t.close());

  const get = async <T>(path: string): Promise<{ body: T; cache: string | null; version: string | null }> => {
    const response = await t.api(path);
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return {
      body: (await response.json()) as T,
      cache: response.headers.get('x-cache'),
      version: response.headers.get('x-data-version'),
    };
  };

  describe('summary', () => {
    it('counts clients, sessions, readings, clinics, therapists and dates of all the data', async () => {
      const { body, version } = await get<CohortSummaryDto>('/api/cohorts/summary');
      expect(body).toEqual({ ...summaryOf(rows, key), dataVersion: 1 });
      expect(version).toBe('1');
    });

    it('counts what the filters select, and answers again from the cache', async () => {
      const path =
        '/api/cohorts/summary?measure=ppt&technique=swedish,deep_tissue&from=2023-01-01&to=2023-12-31&site=upper_trapezius_left';
      const selected = rows.filter(
        (row) =>
          row.measure === 'ppt' &&
          row.site === 'upper_trapezius_left' &&
          ['swedish', 'deep_tissue'].includes(row.technique) &&
          row.sessionDate !== null &&
          row.sessionDate >= '2023-01-01' &&
          row.sessionDate <= '2023-12-31',
      );
      expect(selected.length).toBeGreaterThan(100);
      const first = await get<CohortSummaryDto>(path);
      expect(first.body).toEqual({ ...summaryOf(selected, key), dataVersion: 1 });
      expect(first.cache).toBe('miss');
      expect((await get<CohortSummaryDto>(path)).cache).toBe('hit');
    });

    it('counts a measure, techniques, a condition and dates without a site (from the report cells) as the rows do', async () => {
      const selected = rows.filter(
        (row) =>
          row.measure === 'pain_nrs' &&
          ['swedish', 'trigger_point_release'].includes(row.technique) &&
          row.sessionDate !== null &&
          row.sessionDate >= '2023-03-01' &&
          row.sessionDate <= '2024-02-29',
      );
      expect(selected.length).toBeGreaterThan(100);
      const { body } = await get<CohortSummaryDto>(
        '/api/cohorts/summary?measure=pain_nrs&technique=swedish,trigger_point_release&from=2023-03-01&to=2024-02-29',
      );
      expect(body).toEqual({ ...summaryOf(selected, key), dataVersion: 1 });
    });

    it.each([
      ['ppt', '', (): boolean => true],
      ['ppt', '&clinic=k02', (row: MeasurementRow): boolean => row.clinicId === 'k02'],
      ['pain_nrs', '&therapist=t006', (row: MeasurementRow): boolean => row.therapistId === 't006'],
    ])('counts %s%s from the report cells and client courses as the rows do', async (measure, query, selects) => {
      const selected = rows.filter((row) => row.measure === measure && selects(row));
      expect(selected.length).toBeGreaterThan(100);
      const { body } = await get<CohortSummaryDto>(`/api/cohorts/summary?measure=${measure}${query}`);
      expect(body).toEqual({ ...summaryOf(selected, key), dataVersion: 1 });
    });

    it('selects by therapist and clinic, given as ids or stored keys', async () => {
      const selected = rows.filter(
        (row) => row.clinicId === 'k02' && (row.therapistId === 't006' || row.therapistId === 't009'),
      );
      const { body } = await get<CohortSummaryDto>(
        `/api/cohorts/summary?clinic=k02&therapist=t006,${key('therapist', 't009')}`,
      );
      expect(body).toEqual({ ...summaryOf(selected, key), dataVersion: 1 });
    });

    it('is scoped to an owner’s clinics', async () => {
      const owner = await createUser(t, { email: 'owner-k01@example.org', role: 'owner', clinics: ['k01'] });
      const response = await owner.api('/api/cohorts/summary');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        ...summaryOf(
          rows.filter((row) => row.clinicId === 'k01'),
          key,
        ),
        dataVersion: 1,
      });
      expect((await owner.api('/api/cohorts/summary?clinic=k02')).status).toBe(403);
    });
  });

  describe('filters', () => {
    it('lists the distinct values of the data for the filter controls', async () => {
      const { body } = await get<CohortFilterOptionsDto>('/api/cohorts/filters');
      const dates = rows
        .map((row) => row.sessionDate)
        .filter((date): date is string => date !== null)
        .sort();
      expect(body).toEqual({
        measures: sorted(distinct(rows.map((row) => row.measure))).map((code) => {
          const measure = findMeasure(code) as MeasureDefinition;
          return {
            code,
            unit: measure.canonicalUnit,
            label: measure.label,
            direction: measure.direction,
            defaultMcid: measure.defaultMcid,
          };
        }),
        sites: sorted(distinct(rows.flatMap((row) => (row.site === null ? [] : [row.site])))),
        conditions: sorted(distinct(rows.map((row) => row.condition ?? 'unspecified'))),
        techniques: sorted(distinct(rows.map((row) => row.technique))),
        clinics: sorted(
          distinct(rows.flatMap((row) => (row.clinicId === null ? [] : [key('clinic', row.clinicId)]))),
        ),
        therapists: sorted(
          distinct(
            rows.flatMap((row) => (row.therapistId === null ? [] : [key('therapist', row.therapistId)])),
          ),
        ),
        dateRange: { from: dates[0], to: dates.at(-1) },
        // No clinic or therapist of this data has a display name (directory/).
        names: { clinics: {}, therapists: {} },
      });
    });

    it('takes no parameters', async () => {
      expect((await t.api('/api/cohorts/filters?measure=ppt')).status).toBe(400);
    });
  });

  describe('coverage', () => {
    /** The coverage map, counted from rows: clients with a value per cell, against clients who reached the session. */
    function coverageOf(
      selected: readonly MeasurementRow[],
      cohort: readonly MeasurementRow[],
      measure: string,
    ): CohortCoverageDto {
      const last = new Map<string, number>();
      for (const row of cohort) last.set(row.clientId, Math.max(last.get(row.clientId) ?? 0, row.session));
      const maxSession = Math.max(...last.values());
      const sessions = Array.from({ length: maxSession }, (_, i) => ({
        session: i + 1,
        clients: [...last.values()].filter((session) => session >= i + 1).length,
      }));
      const cells = new Map<
        string,
        { session: number; phase: 'pre' | 'post' | 'followup'; site: string | null; clients: Set<string> }
      >();
      for (const row of selected) {
        const id = `${row.session}|${row.phase}|${row.site}`;
        const cell = cells.get(id) ?? {
          session: row.session,
          phase: row.phase,
          site: row.site,
          clients: new Set<string>(),
        };
        cell.clients.add(row.clientId);
        cells.set(id, cell);
      }
      const ordered = [...cells.values()].sort(
        (a, b) =>
          a.session - b.session ||
          ['pre', 'post', 'followup'].indexOf(a.phase) - ['pre', 'post', 'followup'].indexOf(b.phase) ||
          (a.site === null ? 1 : 0) - (b.site === null ? 1 : 0) ||
          compareCodePoints(a.site ?? '', b.site ?? ''),
      );
      return {
        measure,
        sessions,
        cells: ordered.map((cell) => ({
          session: cell.session,
          phase: cell.phase,
          site: cell.site,
          clients: cell.clients.size,
        })),
      };
    }

    it('maps the ppt readings present against the clients who reached each session', async () => {
      const { body } = await get<CohortCoverageDto>('/api/cohorts/coverage');
      expect(body).toEqual(
        coverageOf(
          rows.filter((row) => row.measure === 'ppt'),
          rows,
          'ppt',
        ),
      );
    });

    it('maps another measure within a filtered cohort', async () => {
      const cohort = rows.filter((row) => row.condition === 'tension_type_headache');
      const { body } = await get<CohortCoverageDto>(
        '/api/cohorts/coverage?measure=headache_days&condition=tension_type_headache',
      );
      expect(body).toEqual(
        coverageOf(
          cohort.filter((row) => row.measure === 'headache_days'),
          cohort,
          'headache_days',
        ),
      );
    });

    it('refuses a bad filter with a 400', async () => {
      const response = await t.api('/api/cohorts/coverage?measure=ppt&from=2024-02-31');
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(/from must be a date/);
    });
  });

  // PostgreSQL cannot store a NUL character: a filter holding one is the client's mistake, never a 500.
  it.each([
    ['/api/cohorts/summary?site=%00', 'site'],
    ['/api/cohorts/summary?technique=swedish,%00', 'technique'],
    ['/api/cohorts/coverage?condition=%00', 'condition'],
    ['/api/cohorts/coverage?measure=%00', 'measure'],
  ])('refuses %s with a 400 naming %s', async (path, parameter) => {
    const response = await t.api(path);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: `${parameter} must not contain a NUL character (U+0000)`,
    });
  });
});
