// Moves a SQLite installation into PostgreSQL, every table the schema has (read from the schema, so
// tables future migrations add are copied too), values as stored — secrets stay encrypted with the
// same key. One transaction on each side: the source is read from one snapshot, and the target
// gets all of it or nothing. Then both sides are counted and checksummed the same way.
import type { Db } from './engine.js';
import { quoteName, tableChecksum, tableNames, tableRows, tablesInDependencyOrder, tableShape, type TableShape } from './inventory.js';
import { schemaVersion } from './migrate.js';

export interface TableReport {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  matches: boolean;
}

export interface CopyReport {
  schemaVersion: number;
  tables: TableReport[];
  rows: number;
  matches: boolean;
  /** The source changed while it was read (something still writes to it): later writes are not in the target. */
  sourceChangedMeanwhile: boolean;
}

export class CopyRefused extends Error {}

/** SQLite's implicit row number, which PostgreSQL's schema spells out where our code orders by it. */
const ROWID = 'rowid';

/** Parameters per INSERT: PostgreSQL takes at most 65,535; fewer keeps each statement quick. */
const PARAMS_PER_INSERT = 20_000;
const MAX_ROWS_PER_INSERT = 500;

/**
 * The tables of `db` holding more than the migrations themselves put there (a migration may seed a
 * row, e.g. a counter): each is compared with a new database the same migrations made.
 */
export function tablesWithData(db: Db, fresh: Db): string[] {
  const freshTables = tableNames(fresh);
  return tableNames(db).filter((t) => {
    if (db.prepare(`SELECT 1 AS one FROM ${quoteName(t)} LIMIT 1`).get() === undefined) return false;
    if (!freshTables.includes(t)) return true;
    const shape = tableShape(fresh, t);
    return tableChecksum(db, shape).checksum !== tableChecksum(fresh, shape).checksum;
  });
}

/** What to read from the source for a target table: the source's columns, plus SQLite's rowid
 *  where the target keeps it as a column. */
function sourceShape(source: Db, target: TableShape): TableShape {
  const shape = tableShape(source, target.name);
  const missing = shape.columns.filter((c) => !target.columns.includes(c));
  if (missing.length) throw new CopyRefused(`The target's table ${target.name} has no column ${missing.join(', ')}: both must be at the same schema version.`);
  if (source.engine === 'sqlite' && target.columns.includes(ROWID) && !shape.columns.includes(ROWID)) shape.columns.push(ROWID);
  return shape;
}

function copyTable(source: Db, target: Db, from: TableShape, to: TableShape): void {
  const columns = from.columns.map(quoteName).join(', ');
  const overriding = to.identity.some((c) => from.columns.includes(c)) ? ' OVERRIDING SYSTEM VALUE' : '';
  const rowsPerInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(PARAMS_PER_INSERT / from.columns.length)));
  const row = `(${from.columns.map(() => '?').join(', ')})`;
  const statements = new Map<number, ReturnType<Db['prepare']>>();
  const insert = (n: number) => {
    let stmt = statements.get(n);
    if (!stmt) statements.set(n, (stmt = target.prepare(`INSERT INTO ${quoteName(to.name)} (${columns})${overriding} VALUES ${Array(n).fill(row).join(', ')}`)));
    return stmt;
  };
  for (const page of tableRows(source, from, rowsPerInsert)) {
    insert(page.length).run(page.flatMap((r) => from.columns.map((c) => r[c])));
  }
}

/** Identity columns continue past the copied ids, so the next incident is not number 1 again. */
function resetIdentities(target: Db, shape: TableShape): void {
  for (const column of shape.identity) {
    target
      .prepare(`SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(${quoteName(column)}) FROM ${quoteName(shape.name)}), 0) + 1, false) AS next`)
      .get(shape.name, column);
  }
}

export interface CopyOptions {
  /** A new database at the same schema version (e.g. SQLite in memory): what "empty" looks like. */
  freshSchema: Db;
  /** Delete what the target holds first; without it a target holding data is refused. */
  replace?: boolean;
  onTable?: (table: string, rows: number, done: number, total: number) => void;
}

export function copyDatabase(source: Db, target: Db, options: CopyOptions): CopyReport {
  if (target.engine !== 'postgres') throw new CopyRefused('The target must be a PostgreSQL database.');
  const version = schemaVersion(source);
  if (schemaVersion(target) !== version) {
    throw new CopyRefused(`The source is at schema version ${version}, the target at ${schemaVersion(target)}: migrate both with this opsknight-slack first.`);
  }
  const targetTables = tablesInDependencyOrder(target);
  const sourceTables = tableNames(source);
  const unknown = sourceTables.filter((t) => !targetTables.some((s) => s.name === t));
  if (unknown.length) throw new CopyRefused(`The target has no table ${unknown.join(', ')}: both must be at the same schema version.`);
  const dataVersion = () => (source.engine === 'sqlite' ? (source.prepare('PRAGMA data_version').get() as { data_version: number }).data_version : 0);

  const plan = targetTables.filter((t) => sourceTables.includes(t.name)).map((to) => ({ to, from: sourceShape(source, to) }));
  const sourceSums = new Map<string, { rows: number; checksum: string }>();
  let before = 0;
  source
    .transaction(() => {
      if (source.engine === 'sqlite') source.prepare('SELECT COUNT(*) AS n FROM sqlite_master').get(); // the snapshot starts here
      before = dataVersion();
      target
        .transaction(() => {
          const filled = tablesWithData(target, options.freshSchema);
          if (filled.length && !options.replace) {
            throw new CopyRefused(`The target already holds data (in ${filled.join(', ')}): copy into an empty database, or add --replace to delete what it holds first.`);
          }
          // Rows the migrations seeded go too: the source has its own.
          target.exec(`TRUNCATE TABLE ${targetTables.map((t) => quoteName(t.name)).join(', ')}`);
          for (const { from, to } of plan) {
            copyTable(source, target, from, to);
            resetIdentities(target, to);
            // Read in the same snapshot as the copy: what the target must now hold.
            sourceSums.set(to.name, tableChecksum(source, from));
            options.onTable?.(to.name, sourceSums.get(to.name)!.rows, sourceSums.size, plan.length);
          }
        })
        .immediate();
    })
    .deferred();
  // Outside the snapshot SQLite's data version moves when another connection has committed since.
  const changedMeanwhile = dataVersion() !== before;

  const tables = [...plan].sort((a, b) => a.to.name.localeCompare(b.to.name)).map(({ from, to }): TableReport => {
    const s = sourceSums.get(to.name)!;
    const t = tableChecksum(target, from);
    return { table: to.name, sourceRows: s.rows, targetRows: t.rows, sourceChecksum: s.checksum, targetChecksum: t.checksum, matches: s.rows === t.rows && s.checksum === t.checksum };
  });
  return {
    schemaVersion: version,
    tables,
    rows: tables.reduce((n, t) => n + t.sourceRows, 0),
    matches: tables.every((t) => t.matches),
    sourceChangedMeanwhile: changedMeanwhile,
  };
}
