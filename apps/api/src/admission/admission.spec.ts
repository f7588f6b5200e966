/**
 * The line of uncached work through the real API, on the test database (embedded or, with
 * DATABASE_URL, a PostgreSQL server): different questions asked at once are all answered, each as
 * the command line answers it, never more than THRESHOLD_REPORT_CONCURRENCY of them computed at
 * once; a full line is a 503 with Retry-After; identical questions take one place in the line and
 * are computed once.
 *
 * The places of the line are taken by computations the test holds (ComputeAdmission.run of a
 * promise it ends when it chooses), so that the line's state does not depend on how fast the
 * machine computes.
 */
import type { OutcomesReport } from '@threshold/stats';
import { expectReportMatches } from '@threshold/stats/testing';
import { ingestFile } from '../cohorts/testing/outcome-files.js';
import type { HealthStatus } from '../health/health.controller.js';
import { DEMO_DATA } from '../testing/repository-paths.js';
import { cliReport } from '../reports/testing/cli-report.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import type { AdmissionState } from './admission-queue.js';
import { ComputeAdmission } from './compute-admission.js';

const PRACTICE = `${DEMO_DATA}practice.csv`;
/** The scheduled job stays out of the line (it would take places of its own). */
const NEVER = '0 0 1 1 *';
const CONCURRENCY = 2;
const QUEUE = 6;

describe('admission control of uncached work', () => {
  let t: TestApp;
  let admission: ComputeAdmission;

  beforeAll(async () => {
    t = await startTestApp({ reportCron: NEVER, reportConcurrency: CONCURRENCY, reportQueue: QUEUE });
    await ingestFile(t, PRACTICE);
    admission = t.app.get(ComputeAdmission);
  }, 120_000);
  afterAll(() => t.close());

  const line = async (): Promise<AdmissionState> =>
    ((await (await fetch(`${t.baseUrl}/api/health`)).json()) as HealthStatus).computations;

  /** Waits (polling /api/health) until `queued` computations wait in the line. */
  async function untilQueued(queued: number): Promise<void> {
    for (let i = 0; i < 500; i++) {
      if ((await line()).queued === queued) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`the line never held ${queued} computations: ${JSON.stringify(await line())}`);
  }

  /** Takes `count` places of the line with computations that end when `release` is called. */
  function hold(count: number): { release(): void; ended: Promise<unknown> } {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    return { release, ended: Promise.all(Array.from({ length: count }, () => admission.run(() => gate))) };
  }

  it('shows its limits in /api/health', async () => {
    expect(await line()).toMatchObject({ concurrency: CONCURRENCY, maxQueued: QUEUE, running: 0, queued: 0 });
  });

  it('answers many different questions asked at once, each as the command line does, at most CONCURRENCY computed at once', async () => {
    const queries = [
      'by=condition',
      'by=all',
      'site=upper_trapezius_left',
      'measure=pain_nrs',
      'measure=hdi&by=condition',
      'mcid=0',
    ];
    const before = await line();
    const answers = await Promise.all(
      queries.map(async (query) => {
        const response = await t.api(`/api/reports?${query}`);
        return { status: response.status, cache: response.headers.get('x-cache'), body: (await response.json()) as OutcomesReport };
      }),
    );
    const after = await line();
    expect(answers.map(({ status, cache }) => [status, cache])).toEqual(queries.map(() => [200, 'miss']));
    for (const [i, query] of queries.entries()) expectReportMatches(answers[i].body, await cliReport(PRACTICE, query));
    // Six computed, one each; never more than two at once; the rest waited their turn.
    expect(after.completed - before.completed).toBe(queries.length);
    expect(after.peakRunning).toBe(CONCURRENCY);
    expect(after.peakQueued).toBeGreaterThan(0);
    expect(after).toMatchObject({ running: 0, queued: 0, rejected: 0 });
  });

  it('answers 503 with Retry-After when the line is full, and the questions in line once it moves', async () => {
    const held = hold(CONCURRENCY + QUEUE - 2);
    await untilQueued(QUEUE - 2);
    // Two report questions fill the line; the next two are refused at once. (Not a report by all
    // whose question by technique was asked before: made from the kept cells of that one, it would
    // take no place in the line; see cellsSourceOf.)
    const waiting = ['by=condition&site=upper_trapezius_right', 'by=all&measure=hdi&mcid=5'].map((query) =>
      t.api(`/api/reports?${query}`),
    );
    await untilQueued(QUEUE);
    const refused = await Promise.all(
      ['measure=pain_nrs&by=condition', 'site=upper_trapezius_right'].map((query) => t.api(`/api/reports?${query}`)),
    );
    for (const response of refused) {
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await response.json()) as { message: string }).message).toMatch(/busy/);
    }
    expect((await line()).rejected).toBe(2);
    held.release();
    await held.ended;
    const answered = await Promise.all(waiting);
    expect(answered.map((response) => response.status)).toEqual([200, 200]);
    expectReportMatches(await answered[1].json(), await cliReport(PRACTICE, 'by=all&measure=hdi&mcid=5'));
    // Refused questions were not computed: asked again, they are computed now.
    const again = await t.api('/api/reports?site=upper_trapezius_right');
    expect([again.status, again.headers.get('x-cache')]).toEqual([200, 'miss']);
  });

  it('gives identical questions asked at once one place in the line and one computation', async () => {
    const held = hold(CONCURRENCY);
    const before = await line();
    const query = 'measure=hdi&by=all';
    const asked = Array.from({ length: 5 }, () => t.api(`/api/reports?${query}`));
    await untilQueued(1);
    // Every request has had time to reach the line: still one place taken.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await line()).queued).toBe(1);
    held.release();
    await held.ended;
    const answers = await Promise.all(
      (await Promise.all(asked)).map(async (response) => [response.status, response.headers.get('x-cache'), await response.text()]),
    );
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0].slice(0, 2)).toEqual([200, 'miss']);
    // The two held computations and the one report.
    expect((await line()).completed - before.completed).toBe(CONCURRENCY + 1);
  });
});
