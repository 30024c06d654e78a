// What a database holds, read from its own schema (never a hard-coded list, so a table a future
// migration adds is counted, backed up and copied too): its tables, their columns, primary keys and
// foreign keys, row counts, and a checksum over the rows computed the same way on both engines.
import { createHash } from 'node:crypto';
import type { Db } from './engine.js';

/** Tables that belong to an engine's bookkeeping (PostgreSQL's schema version), not to opsknight-slack's data. */
const BOOKKEEPING = new Set(['schema_version']);

export interface TableShape {
  name: string;
  columns: string[];
  primaryKey: string[];
  /** Tables this one's foreign keys point at (other than itself). */
  references: string[];
  /** Columns the database numbers itself (PostgreSQL identity columns; SQLite: none listed). */
  identity: string[];
}

export function tableNames(db: Db): string[] {
  const sql =
    db.engine === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
      : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name";
  return (db.prepare(sql).all() as { name: string }[]).map((r) => r.name).filter((n) => !BOOKKEEPING.has(n));
}

export function tableShape(db: Db, table: string): TableShape {
  if (db.engine === 'sqlite') {
    const cols = db.prepare('SELECT name, pk FROM pragma_table_info(?) ORDER BY cid').all(table) as { name: string; pk: number }[];
    const fks = db.prepare('SELECT DISTINCT "table" AS target FROM pragma_foreign_key_list(?)').all(table) as { target: string }[];
    return {
      name: table,
      columns: cols.map((c) => c.name),
      primaryKey: cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      references: fks.map((f) => f.target).filter((t) => t !== table),
      identity: [],
    };
  }
  const cols = db
    .prepare(
      `SELECT column_name AS name, is_identity AS identity FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`,
    )
    .all(table) as { name: string; identity: string }[];
  const pk = db
    .prepare(
      `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = to_regclass(?) AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    )
    .all(table) as { name: string }[];
  const fks = db
    .prepare(
      `SELECT DISTINCT c.confrelid::regclass::text AS target FROM pg_constraint c
       WHERE c.contype = 'f' AND c.conrelid = to_regclass(?)`,
    )
    .all(table) as { target: string }[];
  return {
    name: table,
    columns: cols.map((c) => c.name),
    primaryKey: pk.map((c) => c.name),
    references: fks.map((f) => f.target).filter((t) => t !== table),
    identity: cols.filter((c) => c.identity === 'YES').map((c) => c.name),
  };
}

/** Every table, parents before the tables whose foreign keys point at them (the order to copy in). */
export function tablesInDependencyOrder(db: Db): TableShape[] {
  const shapes = new Map(tableNames(db).map((t) => [t, tableShape(db, t)]));
  const ordered: TableShape[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    const shape = shapes.get(name);
    if (!shape || ordered.includes(shape) || visiting.has(name)) return; // a cycle: keep schema order
    visiting.add(name);
    for (const parent of shape.references) visit(parent);
    visiting.delete(name);
    ordered.push(shape);
  };
  for (const name of shapes.keys()) visit(name);
  return ordered;
}

export function rowCount(db: Db, table: string): number {
  return Number((db.prepare(`SELECT COUNT(*) AS n FROM ${quoteName(table)}`).get() as { n: number | string }).n);
}

export function rowCounts(db: Db): Record<string, number> {
  return Object.fromEntries(tableNames(db).map((t) => [t, rowCount(db, t)]));
}

export const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Reads a table in pages in primary-key order (keyset paging, so each page is an index seek).
 * A table without a primary key is read in one page.
 */
export function* tableRows(db: Db, shape: TableShape, pageSize = 500): Generator<Record<string, unknown>[]> {
  const cols = shape.columns.map(quoteName).join(', ');
  const from = `SELECT ${cols} FROM ${quoteName(shape.name)}`;
  if (!shape.primaryKey.length) {
    yield db.prepare(from).all() as Record<string, unknown>[];
    return;
  }
  const key = shape.primaryKey.map(quoteName).join(', ');
  const first = db.prepare(`${from} ORDER BY ${key} LIMIT ${pageSize}`);
  const next = db.prepare(`${from} WHERE (${key}) > (${shape.primaryKey.map(() => '?').join(', ')}) ORDER BY ${key} LIMIT ${pageSize}`);
  let page = first.all() as Record<string, unknown>[];
  while (page.length) {
    yield page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    page = next.all(...shape.primaryKey.map((k) => last[k])) as Record<string, unknown>[];
  }
}

/** One value as both engines' drivers hand it back, in one spelling: numbers and bigints as decimal
 *  text, booleans as 1/0, bytes as hex. */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return '\u0000null';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Buffer.isBuffer(value)) return `\u0000bytes:${value.toString('hex')}`;
  if (value instanceof Date) return String(value.getTime());
  return String(value);
}

const MODULUS = 1n << 256n;

/**
 * A checksum of a table's rows: the sum (mod 2^256) of each row's SHA-256 over its columns in name
 * order. Independent of the order rows come back in (the engines sort text keys by different
 * collations) and of the column order, yet any changed, missing or extra row changes it.
 */
export function tableChecksum(db: Db, shape: TableShape, pageSize = 2000): { rows: number; checksum: string } {
  const columns = [...shape.columns].sort();
  let sum = 0n;
  let rows = 0;
  for (const page of tableRows(db, shape, pageSize)) {
    for (const row of page) {
      const hash = createHash('sha256');
      for (const c of columns) hash.update(`${c}\u0001${canonical(row[c])}\u0002`);
      sum = (sum + BigInt(`0x${hash.digest('hex')}`)) % MODULUS;
      rows++;
    }
  }
  return { rows, checksum: sum.toString(16).padStart(64, '0') };
}
