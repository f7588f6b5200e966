/**
 * What the catalog says of the tables a backup holds, read the same way when the backup is written
 * and when it is restored: the tables of schema public in an order that puts every table after the
 * tables its foreign keys refer to (so a restore inserts parents first), their columns, and the
 * sequences behind identity columns (set past the restored ids).
 */
import { isBackedUpTable, type BackupColumn } from './backup-format.js';
import { quoteIdentifier, type Sql } from './sql.js';

export async function publicTables(sql: Sql): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  );
  return rows.map((row) => row.name);
}

/** The backed-up tables, parents before children (by name among equals, so the order is stable). */
export async function tablesInLoadOrder(sql: Sql): Promise<string[]> {
  const tables = (await publicTables(sql)).filter(isBackedUpTable);
  const references = await sql.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent
       FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid
       JOIN pg_class pa ON pa.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = k.connamespace
      WHERE k.contype = 'f' AND n.nspname = 'public'`,
  );
  const parents = new Map(tables.map((table) => [table, new Set<string>()]));
  for (const { child, parent } of references) if (child !== parent) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find((table) => !placed.has(table) && [...(parents.get(table) ?? [])].every((parent) => placed.has(parent) || !parents.has(parent)));
    if (next === undefined) throw new Error(`the foreign keys of ${tables.filter((table) => !placed.has(table)).join(', ')} form a cycle`);
    ordered.push(next);
    placed.add(next);
  }
  return ordered;
}

/** The columns a backup holds: every stored column (a generated column is computed again). */
export async function tableColumns(sql: Sql, table: string): Promise<BackupColumn[]> {
  return sql.query<BackupColumn>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname = $1 AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY a.attnum`,
    [table],
  );
}

/** After the rows are in: each sequence of the table (identity or serial) continues after its largest id. */
export async function advanceSequences(sql: Sql, table: string): Promise<void> {
  const sequences = await sql.query<{ column: string; sequence: string }>(
    `SELECT a.attname AS column, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS sequence
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname = $1 AND a.attnum > 0 AND NOT a.attisdropped
        AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`,
    [table],
  );
  for (const { column, sequence } of sequences) {
    const id = quoteIdentifier(column);
    // An empty table's sequence starts again at 1 (is_called false): the next id is 1.
    await sql.query(`SELECT setval($1::regclass, coalesce(max(${id}), 1), max(${id}) IS NOT NULL) FROM ${quoteIdentifier(table)}`, [sequence]);
  }
}
