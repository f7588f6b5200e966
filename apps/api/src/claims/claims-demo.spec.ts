/**
 * Claims on the demo data (data/demo: the trial-shaped set and the practice set), as marketing and
 * owners see them (issue 17): observational claims per technique and for all clients, the
 * published study they may stand beside, refusals that name suppression, and a claim's life from
 * draft to withdrawal by the re-check after a new ingest.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '../cohorts/testing/outcome-files.js';
import { ReportRefreshJob } from '../jobs/report-refresh.job.js';
import { DEMO_DATA } from '../testing/repository-paths.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createUser, type SignedIn } from '../testing/users.js';
import type { ClaimsAnswer, ObservationalClaimView, PublishedClaimView, TimeToResponseClaimView } from './claims.service.js';
import { forbiddenWords } from './forbidden-wording.js';
import { writeWorseningFile } from './testing/worsening-file.js';

interface CourseChange {
  n: number;
  meanChange: number;
  ciLow: number;
  ciHigh: number;
}

describe('claims on the demo data', () => {
  let t: TestApp;
  let marketing: SignedIn;
  let ownerK04: SignedIn;
  let ownerK01: SignedIn;
  let answer: ClaimsAnswer;
  let directory: string;

  const observational = (group: string) =>
    answer.claims.find((claim): claim is ObservationalClaimView => claim.kind === 'observational' && claim.group === group);
  const post = (who: SignedIn, path: string, body?: unknown) =>
    who.api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'threshold-claims-demo-'));
    t = await startTestApp({ reportCron: '0 0 1 1 *' });
    await ingestFile(t, `${DEMO_DATA}practice.csv`);
    await ingestFile(t, `${DEMO_DATA}trial.csv`);
    marketing = await createUser(t, { email: 'marketing@network.example', role: 'marketing' });
    ownerK04 = await createUser(t, { email: 'owner@k04.example', role: 'owner', clinics: ['k04'] });
    ownerK01 = await createUser(t, { email: 'owner@k01.example', role: 'owner', clinics: ['k01'] });
    answer = (await (await marketing.api('/api/claims?measure=ppt')).json()) as ClaimsAnswer;
  }, 180_000);
  afterAll(async () => {
    await t.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('offers marketing observational claims for PPT, worded as the issue says and with the Moraska 2017 study beside', () => {
    const claim = observational('trigger_point_release');
    expect(claim).toBeDefined();
    if (claim === undefined) return;
    expect(claim.n).toBeGreaterThanOrEqual(answer.minClients);
    expect(answer.minClients).toBe(30);
    expect(claim.ciLow).toBeGreaterThan(0);
    expect(claim.statement).toMatch(
      /^Across \d+ clients treated with trigger-point release between \d{4}-\d\d-\d\d and \d{4}-\d\d-\d\d, pressure-pain threshold rose by a mean of [\d.]+ kPa \(95% CI [\d.]+ to [\d.]+\) from their first to their last session; \d+% \(95% CI \d+% to \d+%\) improved by at least the clinically meaningful 20.6 kPa\. This is the change in our own clients over their treatment, not a comparison with clients who were not treated\.$/,
    );
    expect(claim.beside).toEqual([{ study: 'moraska-2017', text: expect.stringMatching(/^Our clients' change, first to last session: a rise of [\d.]+ kPa .* In the trial \(Moraska et al\. 2017\): .*not combined\.$/) }]);
    expect(claim.status).toBe('draft');
  });

  it('words no claim with a forbidden word, and never merges a practice result into the study', () => {
    for (const claim of answer.claims) {
      expect({ statement: claim.statement, words: forbiddenWords(claim.statement) }).toEqual({ statement: claim.statement, words: [] });
      expect(claim.statement).not.toMatch(/as (proven|shown) in/i);
    }
  });

  it('gives the Moraska 2017 published claim with its DOI', () => {
    const published = answer.claims.filter((claim): claim is PublishedClaimView => claim.kind === 'published');
    expect(published.map((claim) => claim.id)).toEqual(['moraska-2017']);
    expect(published[0].study).toMatchObject({ doi: '10.1097/PHM.0000000000000728', n: 62, design: expect.stringMatching(/^Randomised, placebo-controlled/) });
    expect(published[0].statement).toContain('Am J Phys Med Rehabil 2017;96(9):639-645');
  });

  it('pools all clients to exactly what the report by=all gives (an independent SQL grouping)', async () => {
    const all = observational('all');
    const report = (await (await t.api('/api/reports?measure=ppt&by=all')).json()) as {
      groups: { name: string; courseChange: CourseChange; responders: { count: number; n: number } }[];
    };
    const [group] = report.groups;
    expect(all).toBeDefined();
    expect(all?.n).toBe(group.courseChange.n);
    expect(all?.meanChange).toBeCloseTo(group.courseChange.meanChange, 9);
    expect(all?.ciLow).toBeCloseTo(group.courseChange.ciLow, 9);
    expect(all?.ciHigh).toBeCloseTo(group.courseChange.ciHigh, 9);
    expect(all?.responders).toMatchObject({ count: group.responders.count, n: group.responders.n });
  });

  it('keeps an evidence pack for each observational claim: report, data version, criteria, method, limits, the study beside', async () => {
    const claim = observational('trigger_point_release');
    const pack = (await (await marketing.api(claim?.evidenceUrl ?? '')).json()) as Record<string, unknown>;
    expect(pack).toMatchObject({ id: claim?.id, kind: 'observational', issuedBy: 'marketing@network.example', dataVersion: answer.dataVersion, libraryVersion: 1 });
    expect((pack.criteria as { met: boolean }[]).every((criterion) => criterion.met)).toBe(true);
    expect((pack.method as string[]).join(' ')).toMatch(/Small-cell suppression/);
    expect((pack.limits as string[]).join(' ')).toMatch(/no untreated group/);
    expect((pack.beside as { key: string }[]).map((study) => study.key)).toEqual(['moraska-2017']);
    expect(pack.rules).toMatch(/3\.1.*3\.7.*12\.1/);
  });

  it('has counts that add up, and refusals that name suppression where it is the cause', async () => {
    const { counts } = answer;
    expect(counts.observational + counts.published + counts.controlled).toBe(answer.claims.length);
    expect(counts.refused).toBe(answer.refusals.length);
    // myofascial release has too few clients with a value at session 12: suppression, not follow-up.
    const suppressedPair = answer.refusals.find((refusal) => refusal.treatment === 'myofascial_release' && refusal.control === 'waitlist');
    expect(suppressedPair?.missing).toEqual([expect.stringMatching(/^suppressed: fewer than 11 clients of myofascial_release have a change at session 12/)]);
    expect(answer.refusals.flatMap((refusal) => refusal.missing).join(' ')).toMatch(/not significant after adjusting for 15 comparisons/);

    // An owner of one clinic: some techniques are suppressed there, and so is the figure for all clients.
    const owner = (await (await ownerK01.api('/api/claims?measure=ppt')).json()) as ClaimsAnswer;
    const all = owner.refusals.find((refusal) => refusal.kind === 'observational' && refusal.treatment === 'all');
    expect(all?.missing).toEqual([expect.stringMatching(/^suppressed: the figure for all clients is not offered while small-cell suppression withholds /)]);
    for (const group of owner.refusals.filter((refusal) => refusal.missing.some((reason) => reason.startsWith('suppressed: ') && reason.includes('is withheld')))) {
      expect(group.kind).toBe('observational');
    }
    expect(owner.claims.filter((claim) => claim.kind === 'observational')).toEqual([]);
  });

  it('refuses custom wording with a forbidden word, naming it', async () => {
    const refused = await post(marketing, '/api/claims/wording', { text: 'Our clinically proven massage cures headaches' });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { message: string; words: { term: string }[] };
    expect(body.words.map((word) => word.term)).toEqual(['clinically proven', 'cure']);
    expect(body.message).toMatch(/"clinically proven".*"cures"/);
    const allowed = await post(marketing, '/api/claims/wording', { text: observational('all')?.statement });
    expect(allowed.status).toBe(200);
    expect((await post(marketing, '/api/claims/wording', {})).status).toBe(400);
  });

  describe('half of our clients reached a meaningful change after K sessions (issue 18)', () => {
    const median = (group: string): TimeToResponseClaimView | undefined =>
      answer.timeToResponse.claims.find((claim) => claim.group === group);
    interface Curve {
      n: number;
      events: number;
      medianSessions: number | null;
      ciLow: number | null;
      ciHigh: number | null;
      steps: { t: number; nEvent: number; nCensor: number }[];
    }
    const reportOf = async (by: string) =>
      (await (await t.api(`/api/reports?measure=ppt&by=${by}`)).json()) as { groups: { name: string; timeToResponse: Curve | null }[] };

    it('offers marketing the median for all clients equal to the report by=all (an independent SQL grouping), while its report withholds the curves', async () => {
      const all = median('all');
      expect(all).toBeDefined();
      const [group] = (await reportOf('all')).groups;
      const curve = group.timeToResponse as Curve;
      expect(all).toMatchObject({ n: curve.n, events: curve.events, medianSessions: curve.medianSessions, ciLow: curve.ciLow, ciHigh: curve.ciHigh });
      const followed = curve.steps.filter((step) => step.t >= (curve.ciHigh as number)).reduce((sum, step) => sum + step.nEvent + step.nCensor, 0);
      expect(all?.followedAtUpperEnd).toBe(followed);
      expect(followed).toBeGreaterThanOrEqual(answer.suppressionMinimum);
      expect(all?.statement).toMatch(
        /^Half of our clients between \d{4}-\d\d-\d\d and \d{4}-\d\d-\d\d reached a clinically meaningful improvement \(at least 20\.6 kPa in pressure-pain threshold since their first session\) after \d+ sessions \(95% CI \d+ to \d+; \d+ clients, those who stopped earlier counted for the sessions they had\)\. This is the change in our own clients over their treatment, not a comparison with clients who were not treated\.$/,
      );
      expect(all?.statement).toContain(`after ${curve.medianSessions} sessions (95% CI ${curve.ciLow} to ${curve.ciHigh}; ${curve.n} clients`);
      // Marketing's own report still has no curve to read.
      const report = (await (await marketing.api('/api/reports?measure=ppt&by=technique')).json()) as { groups: { timeToResponse?: unknown }[] };
      expect(report.groups.every((entry) => entry.timeToResponse === null || entry.timeToResponse === undefined)).toBe(true);
    });

    it('gives each technique the median of the unsuppressed report, or a refusal saying why, and words none with a forbidden word', async () => {
      const report = await reportOf('technique');
      const judged = new Set([...answer.timeToResponse.claims.map((claim) => claim.group), ...answer.timeToResponse.refusals.map((refusal) => refusal.treatment)]);
      for (const group of report.groups) {
        expect(judged.has(group.name)).toBe(true);
        const claim = median(group.name);
        if (claim === undefined) continue; // refused: its reasons are checked in time-to-response-claims.spec.ts
        expect(claim).toMatchObject({ medianSessions: group.timeToResponse?.medianSessions, ciLow: group.timeToResponse?.ciLow, ciHigh: group.timeToResponse?.ciHigh, n: group.timeToResponse?.n });
      }
      expect(answer.timeToResponse.claims.length).toBeGreaterThan(1);
      expect(judged.has('all')).toBe(true);
      for (const claim of answer.timeToResponse.claims) {
        expect(forbiddenWords(claim.statement)).toEqual([]);
        expect(claim.n).toBeGreaterThanOrEqual(answer.minClients);
        expect(claim.followedAtUpperEnd).toBeGreaterThanOrEqual(answer.suppressionMinimum);
      }
    });

    it('keeps an evidence pack with the criteria, the method and the limits', async () => {
      const claim = median('all') as TimeToResponseClaimView;
      const pack = (await (await marketing.api(claim.evidenceUrl)).json()) as Record<string, unknown>;
      expect(pack).toMatchObject({ id: claim.id, kind: 'observational', about: 'time-to-response', dataVersion: answer.dataVersion });
      expect((pack.criteria as { criterion: string; met: boolean }[]).map((criterion) => criterion.criterion)).toContain("clients still followed at the interval's upper end");
      expect((pack.method as string[]).join(' ')).toMatch(/Kaplan-Meier/);
      expect((pack.limits as string[]).join(' ')).toMatch(/censoring/);
    });

    it('is refused to an owner of one clinic where suppression withholds techniques, naming suppression', async () => {
      const owner = (await (await ownerK01.api('/api/claims?measure=ppt')).json()) as ClaimsAnswer;
      expect(owner.timeToResponse.claims.filter((claim) => claim.group === 'all')).toEqual([]);
      const all = owner.timeToResponse.refusals.find((refusal) => refusal.treatment === 'all');
      expect(all?.missing).toEqual([expect.stringMatching(/^suppressed: the figure for all clients is not offered while small-cell suppression withholds /)]);
    });
  });

  describe("a claim's life", () => {
    let swedish: ObservationalClaimView;
    let ownClaim: ObservationalClaimView;

    beforeAll(async () => {
      swedish = observational('swedish') as ObservationalClaimView;
      const owners = (await (await ownerK04.api('/api/claims?measure=ppt')).json()) as ClaimsAnswer;
      ownClaim = owners.claims.find((claim): claim is ObservationalClaimView => claim.kind === 'observational') as ObservationalClaimView;
    }, 60_000);

    it('is approved by an admin or the owner of its clinics, not by marketing or another owner', async () => {
      expect(swedish).toBeDefined();
      expect((await post(marketing, `/api/claims/${swedish.id}/approve`)).status).toBe(403);
      expect((await post(ownerK04, `/api/claims/${swedish.id}/approve`)).status).toBe(403); // covers every clinic
      expect((await post(marketing, `/api/claims/${swedish.id}/publish`)).status).toBe(409); // not approved yet
      const byAdmin = await t.api(`/api/claims/${swedish.id}/approve`, { method: 'POST' });
      expect(byAdmin.status).toBe(200);
      expect(await byAdmin.json()).toMatchObject({ id: swedish.id, status: 'approved', approvedBy: 'admin' });
      expect((await t.api(`/api/claims/${swedish.id}/approve`, { method: 'POST' })).status).toBe(409);

      expect(ownClaim).toBeDefined();
      expect((await post(ownerK01, `/api/claims/${ownClaim.id}/approve`)).status).toBe(403);
      const byOwner = await post(ownerK04, `/api/claims/${ownClaim.id}/approve`);
      expect(byOwner.status).toBe(200);
      expect(await byOwner.json()).toMatchObject({ status: 'approved', approvedBy: 'owner@k04.example' });
    });

    it('is published, then withdrawn by the re-check when a new ingest makes its criteria fail', async () => {
      const published = await post(marketing, `/api/claims/${swedish.id}/publish`);
      expect(published.status).toBe(200);
      expect(await published.json()).toMatchObject({ status: 'published' });

      // 400 new Swedish-massage clients whose PPT fell by about 40 kPa: the mean change turns negative.
      const file = join(directory, 'worsening.csv');
      await writeWorseningFile(file, { technique: 'swedish', clinic: 'k02', clients: 400, fallKpa: 40 });
      await ingestFile(t, file);
      await t.app.get(ReportRefreshJob).run();

      const { entries } = (await (await t.api('/api/audit?limit=1000')).json()) as {
        entries: { actor: string; action: string; target: string; detail: { reason: string } }[];
      };
      const withdrawal = entries.find((entry) => entry.action === 'claim.withdraw' && entry.target === `claim ${swedish.id}`);
      expect(withdrawal).toMatchObject({ actor: 'system', detail: { reason: expect.stringMatching(/^no longer supported at data version 3: swedish got worse on average/) } });

      const after = (await (await marketing.api('/api/claims?measure=ppt')).json()) as ClaimsAnswer;
      expect(after.managed.find((claim) => claim.id === swedish.id)).toMatchObject({
        status: 'withdrawn',
        withdrawnBy: 'system',
        withdrawnReason: withdrawal?.detail.reason,
      });
      // The owner's claim about k04 was not touched by a batch at k02 that leaves it supported.
      const ownerAfter = (await (await ownerK04.api('/api/claims?measure=ppt')).json()) as ClaimsAnswer;
      expect(ownerAfter.managed.find((claim) => claim.id === ownClaim.id)?.status).toBe('approved');

      // The evidence pack stays as issued.
      const pack = (await (await marketing.api(swedish.evidenceUrl)).json()) as { dataVersion: number; claim: { n: number }; life: { status: string } };
      expect(pack).toMatchObject({ dataVersion: answer.dataVersion, claim: { n: swedish.n }, life: { status: 'withdrawn' } });
    }, 180_000);
  });
});
