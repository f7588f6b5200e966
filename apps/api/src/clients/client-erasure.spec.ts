/**
 * POST /api/clients/erase through the real API on trial-shaped data (45 clients per arm): the
 * client's readings and sessions go, counted from the file itself; afterwards no export, report,
 * cohort answer or claim counts them; the data version moves on; the audit log has the key and
 * the counts, not the id; an old file naming them is refused unless confirmed; owners erase only
 * the clients of their clinics.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeasurementRow } from '@threshold/ingest';
import { trialDataSet, writeCsvFile } from '@threshold/data';
import { ingestFile, readRows, testPseudonymizer } from '../cohorts/testing/outcome-files.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createUser, type SignedIn } from '../testing/users.js';
import type { ClaimsAnswer, ClaimView, ControlledClaimView } from '../claims/claims.service.js';
import { ERASED_CLIENT_MESSAGE } from '../ingest/read/erased-clients.js';

/** The controlled claim of the treatment against the wait-list (claims of other kinds have no control). */
function isWaitlistClaim(claim: ClaimView): claim is ControlledClaimView {
  return claim.kind === 'controlled' && claim.treatment === TREATMENT && claim.control === 'waitlist';
}

interface Report {
  groups: { name: string; nClients: number }[];
}

const TREATMENT = 'trigger_point_release';

describe('POST /api/clients/erase', () => {
  let directory: string;
  let file: string;
  let t: TestApp;
  let marketing: SignedIn;
  let rows: MeasurementRow[];
  let erasedId: string;

  const post = (path: string, body: unknown, as: { api: TestApp['api'] } = t) =>
    as.api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = async <T>(response: Response | Promise<Response>): Promise<T> => (await (await response).json()) as T;
  const exported = async (): Promise<string[]> => (await (await t.api('/api/export?format=csv')).text()).trimEnd().split('\n').slice(1);
  const report = () => json<Report>(t.api('/api/reports?measure=ppt&by=technique'));
  const claims = () => json<ClaimsAnswer>(marketing.api('/api/claims?measure=ppt'));
  const summary = () => json<{ clients: number; measurements: number; dataVersion: number }>(t.api('/api/cohorts/summary?measure=ppt'));

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'threshold-erasure-'));
    file = join(directory, 'trial-45.csv');
    await writeCsvFile(trialDataSet({ perArm: 45 }), file);
    rows = await readRows(file);
    erasedId = rows.find((row) => row.technique === TREATMENT)?.clientId ?? '';
    t = await startTestApp();
    await ingestFile(t, file);
    marketing = await createUser(t, { email: 'marketing@network.example', role: 'marketing' });
  }, 180_000);
  afterAll(async () => {
    await t.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('erases every reading and session of the client, and they are in no answer afterwards', async () => {
    const key = testPseudonymizer(t).key('client', erasedId);
    const theirs = rows.filter((row) => row.clientId === erasedId);
    const theirSessions = new Set(theirs.map((row) => row.session)).size;
    const exportBefore = await exported();
    expect(exportBefore.filter((line) => line.startsWith(key))).toHaveLength(theirs.length);
    const reportBefore = await report();
    const claimsBefore = await claims();
    const summaryBefore = await summary();
    const claimBefore = claimsBefore.claims.find(isWaitlistClaim);
    expect(claimBefore).toBeDefined();

    const preview = await post('/api/clients/erase', { clientId: erasedId, dryRun: true });
    expect(await preview.json()).toEqual({ clientKey: key, readings: theirs.length, sessions: theirSessions });
    expect(await exported()).toEqual(exportBefore); // a dry run erases nothing

    const response = await post('/api/clients/erase', { clientId: erasedId });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ clientKey: key, readings: theirs.length, sessions: theirSessions });

    const exportAfter = await exported();
    expect(exportAfter.some((line) => line.includes(key))).toBe(false);
    expect(exportAfter).toHaveLength(exportBefore.length - theirs.length);

    const reportAfter = await report();
    const n = (r: Report) => r.groups.find((group) => group.name === TREATMENT)?.nClients;
    expect(n(reportAfter)).toBe((n(reportBefore) ?? 0) - 1);

    const summaryAfter = await summary();
    expect(summaryAfter.clients).toBe(summaryBefore.clients - 1);
    expect(summaryAfter.measurements).toBe(summaryBefore.measurements - theirs.filter((row) => row.measure === 'ppt').length);
    expect(summaryAfter.dataVersion).toBe(summaryBefore.dataVersion + 1);

    const claimsAfter = await claims();
    expect(claimsAfter.dataVersion).toBe(claimsBefore.dataVersion + 1);
    const claimAfter = claimsAfter.claims.find(isWaitlistClaim);
    expect(claimAfter?.nTreatment).toBe((claimBefore?.nTreatment ?? 0) - 1);

    const access = await post('/api/clients/export', { clientId: erasedId, format: 'json' });
    expect(access.status).toBe(404);
    expect(((await access.json()) as { message: string }).message).toMatch(/^this client was erased on /);
  });

  it('records the erasure in the audit log by key and counts, never by the clinic’s id', async () => {
    const { entries } = await json<{ entries: { actor: string; action: string; target: string; detail: Record<string, unknown> }[] }>(
      t.api('/api/audit?limit=50'),
    );
    const entry = entries.find((e) => e.action === 'client erased');
    const key = testPseudonymizer(t).key('client', erasedId);
    expect(entry).toMatchObject({ actor: 'admin', target: `client ${key}` });
    expect(entry?.detail).toEqual({ readings: expect.any(Number), sessions: expect.any(Number) });
    expect(JSON.stringify(entries)).not.toContain(`"${erasedId}"`);
  });

  it('refuses an old file naming the erased client, naming its lines, unless confirmed', async () => {
    const firstLine = rows.find((row) => row.clientId === erasedId)?.line;
    const body = await readFile(file);
    const refused = await t.api('/api/ingest?filename=again.csv', { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
    expect(refused.status).toBe(422);
    const answer = (await refused.json()) as { errors: { line: number; column: string; message: string }[]; batch: { status: string } };
    expect(answer.batch.status).toBe('refused');
    expect(answer.errors[0]).toEqual({ line: firstLine, column: 'client_id', message: ERASED_CLIENT_MESSAGE });
    expect(answer.errors.every((error) => error.message === ERASED_CLIENT_MESSAGE)).toBe(true);

    const confirmed = await t.api('/api/ingest?filename=again.csv&confirmErased=1', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body,
    });
    expect(confirmed.status).toBe(201);
    const theirs = rows.filter((row) => row.clientId === erasedId).length;
    expect(((await confirmed.json()) as { batch: { inserted: number } }).batch.inserted).toBe(theirs);
  });

  it('lets an owner erase the clients of their clinics only', async () => {
    const small = join(directory, 'clinics.csv');
    await writeFile(
      small,
      [
        'client_id,clinic_id,technique,session,phase,measure,value,unit',
        'own-1,k-own,massage,1,pre,ppt,300,kPa',
        'own-1,k-own,massage,2,pre,ppt,320,kPa',
        'other-1,k-other,massage,1,pre,ppt,280,kPa',
        '',
      ].join('\n'),
    );
    await ingestFile(t, small);
    const owner = await createUser(t, { email: 'owner@clinic.example', role: 'owner', clinics: ['k-own'] });
    const therapist = await createUser(t, { email: 'therapist@clinic.example', role: 'therapist', clinics: ['k-own'], therapist: 't1' });

    expect((await post('/api/clients/erase', { clientId: 'own-1' }, therapist)).status).toBe(403);
    const other = await post('/api/clients/erase', { clientId: 'other-1' }, owner);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { message: string }).message).toBe('no client with this id is stored for your clinics');
    expect((await post('/api/clients/erase', {}, owner)).status).toBe(400);

    const own = await post('/api/clients/erase', { clientId: 'own-1' }, owner);
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ readings: 2, sessions: 2 });
    expect((await post('/api/clients/erase', { clientId: 'own-1' }, owner)).status).toBe(404);
  });
});
