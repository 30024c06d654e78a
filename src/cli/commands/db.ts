// `opsknight-slack db status|migrate`: the database's engine, schema version and pending migrations,
// on SQLite or PostgreSQL. The daemon and every command still migrate when they open the database
// (an upgrade stays one step); `db migrate` does it on its own, e.g. before restarting several daemons.
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { resolvePaths, type DataPaths } from '../../config/paths.js';
import { loadMigrations, openDatabase, schemaVersion } from '../../store/db.js';
import { asSqliteDb, isPostgresUrl, type Db, type Engine } from '../../store/engine.js';
import { rowCounts } from '../../store/inventory.js';
import { PostgresDb } from '../../store/postgres-db.js';
import { UserError } from '../errors.js';
import { print, printJson } from '../output.js';
import { bytesInWords, countsInWords } from './db-summary.js';

interface Status {
  engine: Engine;
  database: string;
  exists: boolean;
  bytes?: number;
  schemaVersion: number;
  latestVersion: number;
  pending: string[];
  counts: Record<string, number>;
}

/** The database as it is, not migrated (that is `db migrate`'s job, or the daemon's); null: no SQLite file yet. */
function openAsItIs(paths: DataPaths): Db | null {
  if (isPostgresUrl(paths.database)) {
    const db = new PostgresDb(paths.database);
    try {
      db.prepare('SELECT 1').get();
    } catch (err) {
      db.close();
      throw new UserError(`Cannot reach the database ${paths.databaseLabel}: ${(err as Error).message}`);
    }
    return db;
  }
  if (!existsSync(paths.database)) return null;
  const db = asSqliteDb(new Database(paths.database, { fileMustExist: true }));
  db.pragma('busy_timeout = 5000');
  return db;
}

function readStatus(paths: DataPaths): Status {
  const engine: Engine = isPostgresUrl(paths.database) ? 'postgres' : 'sqlite';
  const migrations = loadMigrations(undefined, engine);
  const latestVersion = Math.max(...migrations.map((m) => m.version));
  const base = { engine, database: paths.databaseLabel, latestVersion };
  const db = openAsItIs(paths);
  if (!db) return { ...base, exists: false, schemaVersion: 0, pending: migrations.map((m) => m.name), counts: {} };
  try {
    const version = schemaVersion(db);
    return {
      ...base,
      exists: engine === 'sqlite' || version > 0,
      bytes: engine === 'sqlite' ? statSync(paths.database).size : databaseBytes(db),
      schemaVersion: version,
      pending: migrations.filter((m) => m.version > version).map((m) => m.name),
      counts: rowCounts(db),
    };
  } finally {
    db.close();
  }
}

const databaseBytes = (db: Db) => Number((db.prepare('SELECT pg_database_size(current_database()) AS bytes').get() as { bytes: number }).bytes);

function versionInWords(s: Status): string {
  if (s.schemaVersion > s.latestVersion) return `${s.schemaVersion}: newer than this build knows (${s.latestVersion}) — upgrade opsknight-slack; this one refuses to open it`;
  if (s.schemaVersion === s.latestVersion) return `${s.schemaVersion} (this build's: up to date)`;
  return `${s.schemaVersion} (this build's: ${s.latestVersion})`;
}

export async function dbStatus(opts: { json?: boolean }): Promise<void> {
  const s = readStatus(resolvePaths(process.env));
  if (opts.json) {
    return printJson({
      engine: s.engine,
      database: s.database,
      exists: s.exists,
      bytes: s.bytes ?? null,
      schema_version: s.schemaVersion,
      latest_version: s.latestVersion,
      up_to_date: s.schemaVersion === s.latestVersion,
      pending_migrations: s.pending,
      counts: s.counts,
    });
  }
  print(`Engine:          ${s.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`);
  print(`Database:        ${s.database}${s.bytes !== undefined ? ` (${bytesInWords(s.bytes)})` : ''}`);
  if (!s.exists) {
    print(`Schema version:  none yet: \`opsknight-slack db migrate\`, \`serve\` or any command that stores something creates it (this build's: ${s.latestVersion})`);
    return;
  }
  print(`Schema version:  ${versionInWords(s)}`);
  print(`Pending:         ${s.pending.length ? `${s.pending.join(', ')} — applied by \`opsknight-slack db migrate\`, or when the daemon next starts` : 'no migrations'}`);
  print(`Holds:           ${countsInWords(s.counts)} (every table: --json)`);
}

export async function dbMigrate(opts: { json?: boolean }): Promise<void> {
  const paths = resolvePaths(process.env);
  const before = readStatus(paths);
  openDatabase(paths.database).close();
  const after = readStatus(paths);
  const applied = loadMigrations(undefined, after.engine)
    .filter((m) => m.version > before.schemaVersion && m.version <= after.schemaVersion)
    .map((m) => m.name);
  if (opts.json) return printJson({ engine: after.engine, database: after.database, from_version: before.schemaVersion, to_version: after.schemaVersion, applied });
  if (!applied.length) return print(`${after.database} is at schema version ${after.schemaVersion}, this build's: nothing to migrate.`);
  print(`Migrated ${after.database} from schema version ${before.schemaVersion} to ${after.schemaVersion}: ${applied.join(', ')}.`);
}
