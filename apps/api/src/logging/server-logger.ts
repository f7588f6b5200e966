/**
 * Where the server's logs go. Every log record (JSON, one a line) is appended to a file, by default
 * `<data directory>/logs/threshold.log`; the terminal shows only warnings and errors (on standard
 * error), so that what `npm start` prints last is the address to open, not a hundred lines of
 * modules starting. THRESHOLD_LOG=info shows every record on the terminal as well (as before),
 * =debug adds Nest's debug records, =error shows errors only.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';

export type TerminalLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogSettings {
  /** The file every record is appended to. */
  file: string;
  /** The least severe records also shown on the terminal. */
  terminal: TerminalLevel;
}

const TERMINAL_LEVELS: Record<TerminalLevel, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

export function loadLogSettings(dataDir: string, env: NodeJS.ProcessEnv = process.env): LogSettings {
  const terminal = (env.THRESHOLD_LOG || 'warn').toLowerCase();
  if (!(terminal in TERMINAL_LEVELS))
    throw new Error(
      `THRESHOLD_LOG must be one of ${Object.keys(TERMINAL_LEVELS).join(', ')}, not "${env.THRESHOLD_LOG}"`,
    );
  return {
    file: env.THRESHOLD_LOG_FILE ? resolve(env.THRESHOLD_LOG_FILE) : join(dataDir, 'logs', 'threshold.log'),
    terminal: terminal as TerminalLevel,
  };
}

/** What Nest's ConsoleLogger passes with each JSON record (its own type is not exported). */
interface JsonRecordOptions {
  context: string;
  logLevel: LogLevel;
  writeStreamType?: 'stdout' | 'stderr';
  errorStack?: unknown;
  params?: Record<string, unknown>;
  error?: Error;
}

/** Nest's JSON console logger, writing to the log file and, for the chosen levels, to the terminal. */
export class ServerLogger extends ConsoleLogger {
  private out: WriteStream | undefined;
  private shown: ReadonlySet<LogLevel>;

  constructor(readonly settings: LogSettings) {
    super({ json: true, colors: false, logLevels: TERMINAL_LEVELS.debug });
    this.shown = new Set(TERMINAL_LEVELS[settings.terminal]);
    try {
      mkdirSync(dirname(settings.file), { recursive: true, mode: 0o700 });
      this.out = createWriteStream(settings.file, { flags: 'a', mode: 0o600 });
      this.out.on('error', (error) => this.withoutFile(error));
    } catch (error) {
      this.withoutFile(error as Error);
    }
  }

  /** A log file that cannot be written is said once; its records go to the terminal instead. */
  private withoutFile(error: Error): void {
    this.out = undefined;
    this.shown = new Set([...this.shown, ...TERMINAL_LEVELS.info]);
    process.stderr.write(
      `threshold: cannot write the log file (${error.message}): logging to the terminal\n`,
    );
  }

  protected override printAsJson(message: unknown, options: JsonRecordOptions): void {
    const line = `${this.stringifyJsonLogObject(this.getJsonLogObject(message, options))}\n`;
    this.out?.write(line);
    if (!this.shown.has(options.logLevel)) return;
    const serious =
      options.logLevel === 'error' || options.logLevel === 'fatal' || options.logLevel === 'warn';
    (serious ? process.stderr : process.stdout).write(line);
  }
}
