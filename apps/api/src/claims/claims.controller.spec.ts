/**
 * Claims from real data through the real ingest: a supported claim on trial-shaped data (massage
 * against a wait-list and a sham, 45 clients per arm), refusals that name what is missing on the
 * trial's own size (21 per arm) and on practice data without a control group; each issued claim's
 * evidence pack is kept and readable, and issuing is in the audit log.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { practiceDataSet, trialDataSet, writeCsvFile, type GeneratedDataSet } from '@threshold/data';
import { ingestFile } from '../cohorts/testing/outcome-files.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createUser, type SignedIn } from '../testing/users.js';
import type { ClaimsAnswer, ControlledClaimView } from './claims.service.js';

const controlled = (answer: ClaimsAnswer) => answer.claims.filter((claim): claim is ControlledClaimView => claim.kind === 'controlled');

async function appWith(dataSet: GeneratedDataSet, directory: string, name: string): Promise<{ t: TestApp; marketing: SignedIn }> {
  const file = join(directory, name);
  await writeCsvFile(dataSet, file);
  const t = await startTestApp();
  await ingestFile(t, file);
  return { t, marketing: await createUser(t, { email: 'marketing@network.example', role: 'marketing' }) };
}

describe('GET /api/claims', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'threshold-claims-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  describe('on trial-shaped data with 45 clients per arm', () => {
    let t: TestApp;
    let marketing: SignedIn;
    let answer: ClaimsAnswer;
    beforeAll(async () => {
      ({ t, marketing } = await appWith(trialDataSet({ perArm: 45 }), directory, 'trial-45.csv'));
      answer = (await (await marketing.api('/api/claims?measure=ppt')).json()) as ClaimsAnswer;
    }, 120_000);
    afterAll(() => t.close());

    it('supports trigger-point release against the wait-list, with interval, n, period and limits', () => {
      const claim = controlled(answer).find((c) => c.treatment === 'trigger_point_release' && c.control === 'waitlist');
      expect(claim).toBeDefined();
      if (claim === undefined) return;
      expect(claim.benefit).toBeGreaterThan(0);
      expect(claim.ciLow).toBeGreaterThan(0);
      expect(claim.pHolm).toBeLessThan(0.05);
      expect(Math.min(claim.nTreatment, claim.nControl)).toBeGreaterThanOrEqual(30);
      expect(claim.statement).toMatch(/^Between \d{4}-\d{2}-\d{2} and \d{4}-\d{2}-\d{2}, clients treated with trigger-point release raised their pressure-pain threshold by [\d.]+ kPa more than waitlist clients between session 1 and session 12 \(95% CI [\d.]+ to [\d.]+ kPa; \d+ and \d+ clients; Holm-adjusted p/);
      expect(claim.limits.join(' ')).toMatch(/not a randomised trial/);
      expect(answer.period.from).not.toBeNull();
    });

    it('keeps the evidence pack of each claim: the report, the data version, the method, the criteria', async () => {
      const claim = controlled(answer)[0];
      const evidence = (await (await marketing.api(claim.evidenceUrl)).json()) as Record<string, unknown>;
      expect(evidence).toMatchObject({ id: claim.id, kind: 'controlled', issuedBy: 'marketing@network.example', dataVersion: answer.dataVersion });
      expect((evidence.report as { version: number }).version).toBe(1);
      expect((evidence.method as string[]).join(' ')).toMatch(/Welch/);
      expect((evidence.criteria as { met: boolean }[]).every((criterion) => criterion.met)).toBe(true);
      expect(evidence.rules).toMatch(/CAP Code/);
    });

    it('issues each claim once per data version, and records it in the audit log', async () => {
      const again = (await (await marketing.api('/api/claims?measure=ppt')).json()) as ClaimsAnswer;
      expect(again.claims.map((c) => c.id)).toEqual(answer.claims.map((c) => c.id));
      const { entries } = (await (await t.api('/api/audit?limit=1000')).json()) as { entries: { action: string }[] };
      // Published claims come from the library and are not issued; the others are, once each.
      expect(again.timeToResponse.claims.map((c) => c.id)).toEqual(answer.timeToResponse.claims.map((c) => c.id));
      const issued = [...answer.claims.filter((c) => c.kind !== 'published'), ...answer.timeToResponse.claims];
      expect(issued.length).toBeGreaterThan(controlled(answer).length);
      expect(entries.filter((entry) => entry.action === 'claim.issue').length).toBe(issued.length);
    });

    it('answers 404 for an unknown claim', async () => {
      const response = await marketing.api('/api/claims/999999/evidence');
      expect(response.status).toBe(404);
      expect(((await response.json()) as { message: string }).message).toBe('no claim 999999');
      // The largest id a bigint holds is well-formed: looked up, not found.
      expect((await marketing.api('/api/claims/9223372036854775807/evidence')).status).toBe(404);
    });

    it.each(['abc', '-1', '0', '%00', '1.5', '0x10', '9223372036854775808', '99999999999999999999'])(
      'answers 400 for the malformed claim id %s',
      async (id) => {
        const response = await marketing.api(`/api/claims/${id}/evidence`);
        expect(response.status).toBe(400);
        expect(await response.json()).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          message: 'a claim id is a whole number from 1 to 9223372036854775807',
        });
      },
    );

    it.each([
      ['mcid=0x10', 'mcid must be a number >= 0, got "0x10"'],
      ['mcid=%201', 'mcid must be a number >= 0, got " 1"'],
      ['measure=%00', 'measure must not contain a NUL character (U+0000)'],
    ])('refuses ?%s with a 400 that says why', async (query, message) => {
      const response = await marketing.api(`/api/claims?${query}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toBe(message);
    });
  });

  it('refuses on the trial\'s own size, naming the groups that are too small', async () => {
    const { t, marketing } = await appWith(trialDataSet(), directory, 'trial-21.csv');
    try {
      const answer = (await (await marketing.api('/api/claims')).json()) as ClaimsAnswer;
      expect(controlled(answer)).toEqual([]);
      const refusal = answer.refusals.find((r) => r.kind === 'controlled' && r.treatment === 'trigger_point_release' && r.control === 'waitlist');
      expect(refusal?.missing.join(' ')).toMatch(/too few clients: \d+ with trigger_point_release at session 12, at least 30 needed/);
    } finally {
      await t.close();
    }
  }, 120_000);

  it('refuses practice data without a control group, saying that a controlled comparison is missing', async () => {
    const { t, marketing } = await appWith(practiceDataSet({ seed: 2, clients: 300 }), directory, 'practice.csv');
    try {
      const answer = (await (await marketing.api('/api/claims')).json()) as ClaimsAnswer;
      expect(controlled(answer)).toEqual([]);
      expect(answer.refusals.filter((r) => r.kind === 'controlled')).toEqual([expect.objectContaining({ treatment: null, control: null, missing: [expect.stringMatching(/^no controlled comparison/)] })]);
    } finally {
      await t.close();
    }
  }, 120_000);
});
