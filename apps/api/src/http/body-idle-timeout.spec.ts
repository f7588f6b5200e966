/**
 * Bodies that stall are ended; bodies that keep coming, however slowly, are not. Over raw sockets,
 * since a stalled sender is what fetch cannot play.
 */
import { connect, type Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../testing/test-app.js';

const HEADER = 'client_id,technique,session,phase,measure,value,unit\n';
const rows = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i},massage,1,pre,ppt,${300 + i},kPa\n`).join('');

/** Sends a request's head and the start of its body; resolves with the socket. */
function startRequest(t: TestApp, path: string, contentType: string, contentLength: number, firstBytes: string): Promise<Socket> {
  const { port } = new URL(t.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TEST_ADMIN_TOKEN}\r\n` +
          `Content-Type: ${contentType}\r\nContent-Length: ${contentLength}\r\n\r\n${firstBytes}`,
      );
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

/** What the server sent before it closed the socket, and after how long. */
function closed(socket: Socket): Promise<{ answer: string; afterMs: number }> {
  const started = Date.now();
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk.toString()));
  return new Promise((resolve) => socket.on('close', () => resolve({ answer, afterMs: Date.now() - started })));
}

describe('a request body that stops arriving (THRESHOLD_BODY_IDLE_SECONDS)', () => {
  let t: TestApp;
  let dataSource: DataSource;
  beforeAll(async () => {
    // Two seconds, against the slow upload's half-second gaps: room for a loaded machine's late timers.
    t = await startTestApp({ bodyIdleSeconds: 2 });
    dataSource = t.app.get(DataSource);
  }, 60_000);
  afterAll(() => t.close());

  it('fails a stalled upload within the idle time, stores none of it, and frees the way for the next', async () => {
    const start = HEADER + rows('stall', 200);
    const socket = await startRequest(t, '/api/ingest?filename=stalled.csv', 'text/csv', start.length + 10_000, start);
    const { answer, afterMs } = await closed(socket);
    expect(afterMs).toBeLessThan(10_000);
    // The documented answer, not an empty reply: the socket closes after it has been sent.
    expect(answer).toMatch(/^HTTP\/1.1 408 /);
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toContain("the request's body stopped arriving: nothing came for 2 s");

    // The socket closes as the batch fails: wait for its record.
    const ended = async () => (await dataSource.query(`SELECT status, message FROM ingest_batches WHERE filename = 'stalled.csv' AND status <> 'loading'`))[0];
    const deadline = Date.now() + 10_000;
    let batch = await ended();
    while (batch === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      batch = await ended();
    }
    expect(batch?.status).toBe('failed');
    expect(batch.message).toMatch(/stopped arriving: nothing came for 2 s/);
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM measurements`);
    expect(count).toBe(0);

    const next = await t.api('/api/ingest?filename=next.csv', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: HEADER + rows('next', 20) });
    expect(next.status).toBe(201);
  }, 30_000);

  it('takes a slow upload whose bytes keep coming, for longer in all than the idle time', async () => {
    const chunks = [HEADER, rows('slowa', 10), rows('slowb', 10), rows('slowc', 10), rows('slowd', 10), rows('slowe', 10)];
    const body = chunks.join('');
    const socket = await startRequest(t, '/api/ingest?filename=slow.csv', 'text/csv', body.length, '');
    const answered = closed(socket);
    for (const chunk of chunks) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      socket.write(chunk);
    }
    // The answer comes on a kept-alive connection: end ours once it is here.
    const deadline = Date.now() + 20_000;
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('"batch"')) socket.end();
    });
    while (!answer.includes('"batch"') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await answered;
    expect(answer).toMatch(/^HTTP\/1.1 201/);
    expect(answer).toContain('"inserted":50');
  }, 30_000);

  it('ends a stalled JSON body too', async () => {
    const socket = await startRequest(t, '/api/auth/login', 'application/json', 200, '{"email":"someone@example.com"');
    const { answer, afterMs } = await closed(socket);
    expect(afterMs).toBeLessThan(10_000);
    expect(answer).toMatch(/^HTTP\/1.1 408 /);
  }, 30_000);
});
