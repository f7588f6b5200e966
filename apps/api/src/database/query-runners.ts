import type { QueryRunner } from 'typeorm';

/** Ends a transaction that is to leave nothing (if one is open), and gives its connection back. */
export async function rollBackAndRelease(runner: QueryRunner): Promise<void> {
  try {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
  } finally {
    await runner.release();
  }
}
