/**
 * Reports are cached per data version: the same question answers from the cache until an ingest
 * stores rows; a file sent again changes nothing; identical questions asked at once are computed
 * once.
 */
import { readFile } from 'node:fs/promises';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { expectReportMatches, referenceFile } from '@threshold/stats/testing';
import { ingestFile } from '../cohorts/testing/outcome-files.js';
import { DEMO_DATA } from '../testing/repository-paths.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { DataVersionRepository } from '../cohorts/data-version.repository.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';
import { cliReport } from './testing/cli-report.js';

const NEVER = '0 0 1 1 *';
const TRIAL = `${DEMO_DATA}trial.csv`;

describe('GET /api/reports caching', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ reportCron: NEVER });
    await ingestFile(t, TRIAL);
  }, 120_000);
  afterAll(() => t.close());

  const get = async (query: string) => {
    const response = await t.api(`/api/reports?${query}`);
    expect(response.status).toBe(200);
    return {
      version: response.headers.get('x-data-version'),
      cache: response.headers.get('x-cache'),
      body: await response.text(),
    };
  };

  it('answers a question asked again from the cache, with the data version', async () => {
    const first = await get('site=upper_trapezius_left');
    const second = await get('site=upper_trapezius_left');
    expect(first).toMatchObject({ version: '1', cache: 'miss' });
    expect(second).toEqual({ ...first, cache: 'hit' });
  });

  it('tags an answer with one ETag, made once per cached answer, and answers 304 to a client that holds it', async () => {
    const first = await t.api('/api/reports?site=upper_trapezius_right');
    const text = await first.text();
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    const hit = await t.api('/api/reports?site=upper_trapezius_right');
    expect([hit.headers.get('x-cache'), hit.headers.get('etag'), await hit.text()]).toEqual(['hit', etag, text]);
    // The stored body is bytes: sent as JSON all the same, with its length.
    expect(hit.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(hit.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(JSON.parse(text)).toMatchObject({ version: 1, measure: 'ppt' });
    // fetch adds Cache-Control: no-cache to a conditional request unless it names one (as a browser revalidating does).
    const held = await t.api('/api/reports?site=upper_trapezius_right', { headers: { 'if-none-match': etag!, 'cache-control': 'max-age=0' } });
    expect(held.status).toBe(304);
    expect(await held.text()).toBe('');
    const other = await t.api('/api/reports?site=upper_trapezius_left');
    expect(other.headers.get('etag')).not.toBe(etag);
  });

  it('shares one computation between identical questions asked at once', async () => {
    // Both spies call the real methods; they only count, and hold the computation until all five
    // requests have read the data version and so are waiting for it.
    const repository = t.app.get(ReportsRepository);
    const dataVersion = t.app.get(DataVersionRepository);
    const readVersion = dataVersion.current.bind(dataVersion);
    const compute = repository.reportCells.bind(repository);
    let versionsRead = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const versions = jest.spyOn(dataVersion, 'current').mockImplementation(async () => {
      const version = await readVersion();
      versionsRead++;
      return version;
    });
    const computations = jest.spyOn(repository, 'reportCells').mockImplementation(async (query) => {
      await gate;
      return compute(query);
    });
    try {
      const requests = [1, 2, 3, 4, 5].map(() => get('site=suboccipital_left&by=technique'));
      while (versionsRead < 5) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setImmediate(resolve));
      release();
      const answers = await Promise.all(requests);
      expect(computations).toHaveBeenCalledTimes(1);
      expect(answers.map((answer) => answer.cache)).toEqual(['miss', 'miss', 'miss', 'miss', 'miss']);
      expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
      expect((await get('site=suboccipital_left&by=technique')).cache).toBe('hit');
    } finally {
      versions.mockRestore();
      computations.mockRestore();
    }
  });

  it("reads the data once for the overview's two reports, by technique and by all, asked at once", async () => {
    const repository = t.app.get(ReportsRepository);
    const statements = jest.spyOn(repository, 'reportCells');
    try {
      const query = 'mcid=15';
      const [byTechnique, byAll] = await Promise.all([get(query), get(`${query}&by=all`)]);
      expect(statements).toHaveBeenCalledTimes(1);
      expect([byTechnique.cache, byAll.cache]).toEqual(['miss', 'miss']);
      // Each is the command line's report of its own question.
      expectReportMatches(JSON.parse(byTechnique.body), await cliReport(TRIAL, query));
      expectReportMatches(JSON.parse(byAll.body), await cliReport(TRIAL, `${query}&by=all`));
      // Another reference group is a new report from the same statement's cells.
      const reference = await get(`${query}&ref=waitlist`);
      expect(reference.cache).toBe('miss');
      expect(statements).toHaveBeenCalledTimes(1);
      expectReportMatches(JSON.parse(reference.body), await cliReport(TRIAL, `${query}&ref=waitlist`));
    } finally {
      statements.mockRestore();
    }
  });

  it('answers the first of two reports waiting on one statement before the second one\'s inference starts', async () => {
    // The overview asks by technique, then by all: both wait for one statement, and each then
    // fits its model on this one thread. The first asked must not wait for the second's fit.
    const service = t.app.get(ReportsService);
    const events: string[] = [];
    const report = service.report.bind(service);
    const reports = jest.spyOn(service, 'report').mockImplementation(async (query) => {
      const answer = await report(query);
      events.push(`answered by ${query.by}`);
      return answer;
    });
    const logged = jest.spyOn(Logger.prototype, 'log').mockImplementation(function (this: Logger, message: unknown) {
      const event = message as { event?: string; query?: string };
      if (event.event === 'report computed') events.push(`computed by ${JSON.parse(event.query ?? '{}').by}`);
    });
    try {
      const query = 'mcid=16';
      await Promise.all([get(query), get(`${query}&by=all`)]);
      expect(events).toEqual(['computed by technique', 'answered by technique', 'computed by all', 'answered by all']);
    } finally {
      reports.mockRestore();
      logged.mockRestore();
    }
  });

  it('treats equal questions written differently as one', async () => {
    await get('technique=waitlist,sham_ultrasound&measure=ppt');
    expect((await get('technique=sham_ultrasound&technique=waitlist&site=all&by=technique')).cache).toBe(
      'hit',
    );
  });

  it('keeps the data version when a file sent again stores nothing', async () => {
    const trial = await readFile(`${DEMO_DATA}trial.csv`);
    const again = await t.api('/api/ingest', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: trial,
    });
    expect(((await again.json()) as { batch: { inserted: number } }).batch.inserted).toBe(0);
    expect(await get('site=upper_trapezius_left')).toMatchObject({ version: '1', cache: 'hit' });
  });

  it('computes again after an ingest that stores rows', async () => {
    const before = JSON.parse((await get('')).body) as { groups: { name: string }[] };
    // Orthodont's children are new clients in two new groups (Female, Male).
    await ingestFile(t, referenceFile('orthodont.csv'));
    const after = await get('');
    expect(after).toMatchObject({ version: '2', cache: 'miss' });
    const groups = (JSON.parse(after.body) as { groups: { name: string }[] }).groups.map(
      (group) => group.name,
    );
    expect(groups).toEqual(['Female', 'Male', ...before.groups.map((group) => group.name)]);
    expect((await get('')).cache).toBe('hit');
  });
});
