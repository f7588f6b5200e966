#!/usr/bin/env node
/**
 * The `outcomes` command line: `npm run -s outcomes -- <command> ...`.
 * Exit status: 0 done; 2 a mistake in the call or the input (the message says what to do, no
 * stack trace); 1 an unexpected failure.
 */
import { UsageError } from './usage-error.js';

// Each command is imported when it runs: `report` needs no database, and must not pay for loading
// NestJS, TypeORM and PostgreSQL (about 0.6 s) that `ingest` needs.
async function usage(): Promise<string> {
  const [{ REPORT_USAGE }, { THERAPISTS_USAGE }, { INGEST_USAGE }, { BACKUP_USAGE }, { RESTORE_USAGE }] = await Promise.all([
    import('./report-command.js'),
    import('./therapists-command.js'),
    import('./ingest-command.js'),
    import('./backup-command.js'),
    import('./restore-command.js'),
  ]);
  return `usage: outcomes <command> [options]

commands:
  report FILE       compute the outcomes report of a file (no database needed)
  therapists FILE   compare therapists (or clinics) adjusted for case mix (no database needed)
  ingest FILE       store files in the database, all or nothing each
  backup FILE       write a backup of the database, consistent while the API runs
  restore FILE      restore a backup into an empty database

${REPORT_USAGE}

${THERAPISTS_USAGE}

${INGEST_USAGE}

${BACKUP_USAGE}

${RESTORE_USAGE}`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'report': {
      const { runReportCommand } = await import('./report-command.js');
      await runReportCommand(args);
      return 0;
    }
    case 'therapists': {
      const { runTherapistsCommand } = await import('./therapists-command.js');
      await runTherapistsCommand(args);
      return 0;
    }
    case 'ingest': {
      const { runIngestCommand } = await import('./ingest-command.js');
      return runIngestCommand(args);
    }
    case 'backup': {
      const { runBackupCommand } = await import('./backup-command.js');
      return runBackupCommand(args);
    }
    case 'restore': {
      const { runRestoreCommand } = await import('./restore-command.js');
      return runRestoreCommand(args);
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${await usage()}\n`);
      return 0;
    case undefined:
      // Called without a command: a mistake, so the usage goes to standard error with status 2.
      process.stderr.write(`${await usage()}\n`);
      return 2;
    default:
      throw new UsageError(`unknown command "${command}"\n${await usage()}`);
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
      process.stderr.write(
        `outcomes: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      if (process.env.THRESHOLD_DEBUG) console.error(error);
      process.exitCode = 1;
    }
    // A command that failed while starting (the application refused a database, say) may leave
    // what it started behind, such as the embedded database's server, which would keep the process
    // waiting for ever. Its own clean-up has run; the message is written (pipes and files are
    // written synchronously), so the process ends here.
    process.exit();
  },
);
