#!/usr/bin/env node
/**
 * The `outcomes` command line: `npm run -s outcomes -- <command> ...`.
 * Exit status: 0 done; 2 a mistake in the call or the input (the message says what to do, no
 * stack trace); 1 an unexpected failure.
 */
import { REPORT_USAGE, runReportCommand } from './report-command.js';
import { UsageError } from './usage-error.js';

const USAGE = `usage: outcomes <command> [options]

commands:
  report FILE   compute the outcomes report of a file (no database needed)

${REPORT_USAGE}`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'report':
      await runReportCommand(args);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`outcomes: ${error.message}\n`);
      for (const detail of error.details) process.stderr.write(`  ${detail}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`outcomes: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
      if (process.env.THRESHOLD_DEBUG) console.error(error);
      process.exitCode = 1;
    }
  },
);
