/**
 * The one thing backups need of a database connection: run a statement, get its rows. A backup or
 * restore runs on a connection of its own (a pg client from the command line, a TypeORM query
 * runner inside the API), and every statement of it on that one connection: its transaction.
 */
import type pg from 'pg';
import type { QueryRunner } from 'typeorm';

export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
}

export function sqlOfClient(client: pg.Client): Sql {
  return {
    async query<Row>(text: string, params?: unknown[]) {
      return (await client.query(text, params)).rows as Row[];
    },
  };
}

export function sqlOfRunner(runner: QueryRunner): Sql {
  return {
    query: <Row>(text: string, params?: unknown[]) => runner.query(text, params) as Promise<Row[]>,
  };
}

/** A name as an SQL identifier (table and column names come from the catalog, not from users). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
