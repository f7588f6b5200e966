/**
 * The server's logs: every record in the log file, and on the terminal only what THRESHOLD_LOG
 * asks for (warnings and errors by default, on standard error), so that `npm start` ends with the
 * address to open.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { loadLogSettings, ServerLogger } from './server-logger.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'threshold-log-'));
});

afterEach(async () => {
  jest.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** Logs through a ServerLogger and returns what reached the file and each terminal stream. */
async function logged(
  terminal: string | undefined,
): Promise<{ file: string[]; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const settings = loadLogSettings(dir, { THRESHOLD_LOG: terminal });
  const logger = new ServerLogger(settings);
  logger.log('modules started', 'InstanceLoader');
  logger.warn('the inbox is slow', 'Inbox');
  logger.error('the report failed', 'Reports');
  await new Promise<void>((resolve) => setTimeout(resolve, 50));
  jest.restoreAllMocks();
  const file = (await readFile(settings.file, 'utf8')).trim().split('\n');
  return { file, stdout, stderr };
}

describe('the server logger', () => {
  it('writes every record to <data directory>/logs/threshold.log, and only warnings and errors to standard error', async () => {
    const { file, stdout, stderr } = await logged(undefined);
    expect(
      file.map((line) => JSON.parse(line) as { level: string; message: string; context: string }),
    ).toEqual([
      expect.objectContaining({ level: 'log', message: 'modules started', context: 'InstanceLoader' }),
      expect.objectContaining({ level: 'warn', message: 'the inbox is slow', context: 'Inbox' }),
      expect.objectContaining({ level: 'error', message: 'the report failed', context: 'Reports' }),
    ]);
    expect(stdout).toBe('');
    expect(
      stderr
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { message: string }).message),
    ).toEqual(['the inbox is slow', 'the report failed']);
  });

  it('shows every record on the terminal too with THRESHOLD_LOG=info, errors only with =error', async () => {
    const info = await logged('info');
    expect(info.file).toHaveLength(3);
    expect(info.stdout).toContain('modules started');
    expect(info.stderr).toContain('the inbox is slow');
    const errors = await logged('error');
    expect(errors.stdout).toBe('');
    expect(errors.stderr).not.toContain('the inbox is slow');
    expect(errors.stderr).toContain('the report failed');
  });

  it('takes the file from THRESHOLD_LOG_FILE, and refuses a level it does not know', () => {
    expect(loadLogSettings(dir, { THRESHOLD_LOG_FILE: join(dir, 'elsewhere.log') })).toEqual({
      file: join(dir, 'elsewhere.log'),
      terminal: 'warn',
    });
    expect(loadLogSettings('/srv/threshold', {}).file).toBe('/srv/threshold/logs/threshold.log');
    expect(() => loadLogSettings(dir, { THRESHOLD_LOG: 'loud' })).toThrow(
      'THRESHOLD_LOG must be one of error, warn, info, debug, not "loud"',
    );
  });
});
