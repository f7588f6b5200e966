/**
 * Recording a session on the dashboard (issue 20), in Chromium against the real API on the demo
 * practice data: a therapist types a session on a phone-sized page, by keyboard, and the overview
 * counts it; what is typed survives a reload; a session saved offline waits on the device and is
 * sent when the connection is back; a send whose answer is lost is sent again and stored once; a value outside its plausible
 * range is asked about before anything is sent, and a refused one comes back named at its field.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../../apps/api/src/testing/test-app.js';
import { screenshot } from './support/artefacts.js';
import { launchChromium } from './support/chromium.js';
import { DEMO_DIR, ingestFile, startDashboardApp } from './support/dashboard-app.js';
import { watchPage } from './support/page-watch.js';
import { addUser, signInWithForm, type TestUser } from './support/users.js';

const PHONE = { width: 390, height: 844 };

let app: TestApp;
let browser: Browser;
let therapist: TestUser;

beforeAll(async () => {
  app = await startDashboardApp();
  const batch = await ingestFile(app, `${DEMO_DIR}practice.csv`);
  expect(batch).toMatchObject({ status: 'stored', inserted: 39084 });
  therapist = await addUser(app, {
    email: 'therapist@clinic.example',
    role: 'therapist',
    clinics: ['k04'],
    therapist: 't017',
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The stored batches the session form made, as the admin sees them. */
async function formBatches(): Promise<{ id: string; status: string; inserted: number; createdBy: string }[]> {
  const answer = (await (await app.api('/api/ingest/batches?limit=500')).json()) as {
    batches: { id: string; source: string; status: string; inserted: number; createdBy: string }[];
  };
  return answer.batches.filter((batch) => batch.source === 'form');
}

async function tileValue(page: Page, label: string): Promise<number> {
  const text = await page.locator('.tile', { hasText: label }).first().locator('.tile-value').textContent();
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}

async function overviewCounts(
  page: Page,
): Promise<{ clients: number; sessions: number; measurements: number }> {
  await page.goto(`${app.baseUrl}/`);
  await page.waitForSelector('.tiles .tile-value');
  return {
    clients: await tileValue(page, 'Clients'),
    sessions: await tileValue(page, 'Sessions'),
    measurements: await tileValue(page, 'Measurements'),
  };
}

async function openRecordPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await signInWithForm(page, app.baseUrl, therapist.email, '/record/');
  await page.waitForSelector('#session-client');
  await page.waitForSelector('#outbox-status[data-pending="0"]');
  return page;
}

/** Types a session's client id (the next session is suggested), technique and two readings of each phase at one site. */
async function typeSession(
  page: Page,
  clientId: string,
  readings: { pre: string[]; post: string[] } = { pre: ['3.1', '3.3'], post: ['3.7'] },
  online = true,
): Promise<void> {
  await page.focus('#session-client');
  await page.keyboard.type(clientId);
  await page.keyboard.press('Tab'); // the change that asks for the next session number
  // Offline nothing can be suggested: the therapist types the number.
  if (online)
    await page.waitForFunction(
      () => (document.querySelector<HTMLInputElement>('#session-number')?.value ?? '') !== '',
    );
  else await page.fill('#session-number', '1');
  await page.fill('#session-technique', 'trigger_point_release');
  await page.fill('#session-condition', 'neck_pain');
  await page.selectOption('#session-unit', 'kg/cm2');
  for (const phase of ['pre', 'post'] as const)
    for (const [index, value] of readings[phase].entries())
      await page.fill(`#ppt-upper_trapezius_left-${phase}-${index + 1}`, value);
}

describe('recording a session', () => {
  it('a therapist records a session on a 390 px page by keyboard, and the overview counts it', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await openRecordPage(context);
    const problems = watchPage(page);
    const before = await overviewCounts(page);
    await page.goto(`${app.baseUrl}/record/`);
    await page.waitForSelector('#outbox-status[data-pending="0"]');

    await typeSession(page, 'form-client-1');
    expect(await page.inputValue('#session-number')).toBe('1');
    expect(await page.textContent('#session-suggestion')).toContain(
      'No stored session of this client at your clinics: session 1 suggested.',
    );
    await page.fill('#pain-pre', '6');
    await page.focus('#pain-post');
    await page.keyboard.type('4');
    await page.keyboard.press('Enter'); // submits the form
    await page.waitForSelector(
      '.record-message:has-text("Client form-client-1, session 1: stored (5 readings).")',
    );
    expect(await page.textContent('#outbox-status')).toContain('Nothing waiting');
    // Ready for the next client: the form is empty again and the page fits the phone.
    expect(await page.inputValue('#session-client')).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'record-390-therapist-stored');

    // The next session of the same client is suggested as 2, with its technique.
    await page.focus('#session-client');
    await page.keyboard.type('form-client-1');
    await page.keyboard.press('Tab');
    await page.waitForSelector('#session-suggestion:has-text("session 2 suggested")');
    expect(await page.inputValue('#session-number')).toBe('2');

    const after = await overviewCounts(page);
    expect(after).toEqual({
      clients: before.clients + 1,
      sessions: before.sessions + 1,
      measurements: before.measurements + 5,
    });
    expect(problems.list()).toEqual([]);
    await context.close();
  });

  it('keeps a session typed offline on the device and sends it once the connection is back', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await openRecordPage(context);
    const stored = (await formBatches()).length;
    // What is typed survives a reload before it is saved.
    await typeSession(page, 'form-client-2');
    await page.reload();
    await page.waitForSelector('#outbox-status[data-pending="0"]');
    expect(await page.inputValue('#session-client')).toBe('form-client-2');
    expect(await page.inputValue('#session-number')).toBe('1');
    expect(await page.inputValue('#ppt-upper_trapezius_left-post-1')).toBe('3.7');
    await context.setOffline(true);
    await page.click('button[type="submit"]');
    await page.waitForSelector('#outbox-status[data-pending="1"]:has-text("Not sent yet")');
    expect(await page.textContent('#outbox-status')).toContain(
      '1 session waiting to be sent (offline: sent when the connection is back).',
    );
    // What is kept on the device until it is sent (docs/privacy.md, "On the device").
    const kept = await page.evaluate(() =>
      Object.keys(localStorage).filter((key) => key.startsWith('threshold.session')),
    );
    expect(kept).toEqual(['threshold.sessionOutbox:therapist@clinic.example']);
    await screenshot(page, 'record-390-therapist-offline');

    await context.setOffline(false); // the `online` event sends it
    await page.waitForSelector('#outbox-status[data-pending="0"]');
    await page.waitForSelector(
      '.record-message:has-text("Client form-client-2, session 1: stored (3 readings).")',
    );
    expect(
      await page.evaluate(() =>
        Object.keys(localStorage).filter((key) => key.startsWith('threshold.session')),
      ),
    ).toEqual([]);
    expect((await formBatches()).length).toBe(stored + 1);
    await context.close();
  });

  it('sends again a session whose answer was lost, and it is stored once', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await openRecordPage(context);
    const before = await formBatches();
    let sends = 0;
    const keys: string[] = [];
    // The first send reaches the API (and is stored), but its answer is lost on the way back.
    await page.route('**/api/ingest/form', async (route) => {
      sends++;
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      const response = await route.fetch();
      if (sends === 1) await route.abort('connectionreset');
      else await route.fulfill({ response });
    });
    await typeSession(page, 'form-client-3');
    await page.click('button[type="submit"]');
    await page.waitForSelector(
      '#outbox-status[data-pending="1"]:has-text("Not sent yet: kept on this device.")',
    );
    expect((await formBatches()).length).toBe(before.length + 1); // it did arrive

    await page.click('button:has-text("Send now")');
    await page.waitForSelector('#outbox-status[data-pending="0"]');
    expect(sends).toBe(2);
    expect(keys[1]).toBe(keys[0]);
    const after = await formBatches();
    expect(after.length).toBe(before.length + 1);
    expect(after[0]).toMatchObject({ status: 'stored', inserted: 3, createdBy: therapist.email });
    await context.close();
  });

  it('asks again about a value outside the plausible range before sending, and names it when sent as typed', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await openRecordPage(context);
    const problems = watchPage(page, [/HTTP 422 POST .*\/api\/ingest\/form$/, /status of 422/]);
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/ingest/form')) sent.push(request.method());
    });
    // 310 typed in kPa while the unit says kg/cm2: 30,400 kPa.
    await typeSession(page, 'form-client-4', { pre: ['3.0'], post: ['310'] });
    // Before it asks, the dialog names no element that does not exist.
    expect(await page.locator('[role="alertdialog"]').getAttribute('aria-describedby')).toBeNull();
    await page.click('button[type="submit"]');
    const ask = page.locator('[role="alertdialog"]');
    await ask.waitFor();
    // Asking, it is named by its title and described by its list of values.
    expect(await page.evaluate(() => {
      const dialog = document.querySelector('[role="alertdialog"]');
      const text = (attribute: string) => document.getElementById(dialog?.getAttribute(attribute) ?? '')?.textContent;
      return [text('aria-labelledby'), text('aria-describedby')];
    })).toEqual(['Is this value right?', expect.stringContaining('310 kg/cm2 is outside the plausible range')]);
    expect(await ask.textContent()).toContain(
      'Upper trapezius left, after, trial 1: 310 kg/cm2 is outside the plausible range (0 to 20.39 kg/cm2). Is the unit right?',
    );
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Check the values');
    await screenshot(page, 'record-390-therapist-ask-again');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ppt-upper_trapezius_left-post-1');
    expect(sent).toEqual([]);

    // Sent as typed: the API refuses it, and the form names the reading.
    await page.click('button[type="submit"]');
    await ask.waitFor();
    await page.click('button:has-text("Send as typed")');
    await page.waitForSelector('.error-summary[role="alert"]');
    expect(await page.textContent('.error-summary')).toContain('Upper trapezius left, after, trial 1:');
    expect(await page.getAttribute('#ppt-upper_trapezius_left-post-1', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#ppt-upper_trapezius_left-post-1')).toBe('310');
    expect(await page.getAttribute('#outbox-status', 'data-pending')).toBe('0');
    await screenshot(page, 'record-390-therapist-refused');

    // Corrected, it is stored.
    await page.fill('#ppt-upper_trapezius_left-post-1', '3.1');
    await page.click('button[type="submit"]');
    await page.waitForSelector(
      '.record-message:has-text("Client form-client-4, session 1: stored (2 readings).")',
    );
    expect(sent).toEqual(['POST', 'POST']);
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});
