// Opens the store: a SQLite file (private file, WAL, foreign keys, busy timeout) or, for a
// postgres:// connection string, PostgreSQL over the synchronous bridge; then runs the migrations.
import Database from 'better-sqlite3';
import { isMainThread } from 'node:worker_threads';
import { ensureParentDir } from '../config/paths.js';
import { asSqliteDb, isPostgresUrl, maskConnectionString, type Db, type SqliteDb, type Statement } from './engine.js';
import { DatabaseError, loadMigrations, migrate, type Migration } from './migrate.js';
import { PostgresDb } from './postgres-db.js';
import type { BridgeOptions } from './pg-bridge.js';

export type { Db, Statement, SqliteDb } from './engine.js';
export { DatabaseError, loadMigrations, migrate, schemaVersion } from './migrate.js';

const statementCache = new WeakMap<Db, Map<string, Statement>>();

/** Prepares a statement once per connection: compiling SQL costs more than running most of ours. */
export function prepared(db: Db, sql: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

/** Opens the database OPSKNIGHT_SLACK_DB names: a file path (SQLite) or postgres://… (PostgreSQL). */
export function openDatabase(target: string, migrations?: Migration[], options: BridgeOptions = {}): Db {
  return isPostgresUrl(target) ? openPostgres(target, migrations, options) : openSqlite(target, migrations);
}

export function openPostgres(url: string, migrations: Migration[] = loadMigrations(undefined, 'postgres'), options: BridgeOptions = {}): PostgresDb {
  const db = new PostgresDb(url, options);
  try {
    migrate(db, migrations, maskConnectionString(url));
  } catch (err) {
    db.close();
    if (err instanceof DatabaseError) throw err;
    throw new DatabaseError(`Cannot open the database ${maskConnectionString(url)}: ${(err as Error).message}`);
  }
  return db;
}

export function openSqlite(file: string, migrations: Migration[] = loadMigrations()): SqliteDb {
  if (file !== ':memory:') ensureParentDir(file);
  return withPrivateFiles(() => {
    let db: SqliteDb;
    try {
      db = asSqliteDb(new Database(file));
    } catch (err) {
      throw new DatabaseError(`Cannot open the database ${file}: ${(err as Error).message}`);
    }
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    try {
      migrate(db, migrations, file);
    } catch (err) {
      db.close();
      throw err;
    }
    return db;
  });
}

/** Files created meanwhile (the database, its -wal and -shm) are mode 0600 from the moment they
 *  exist, rather than chmod-ed after a window where others could open them. SQLite later gives a
 *  re-created -wal/-shm the database file's own mode. Synchronous, so nothing else runs meanwhile. */
function withPrivateFiles<T>(work: () => T): T {
  if (!isMainThread) return work(); // workers may not set the umask; they open existing files only
  const previous = process.umask(0o077);
  try {
    return work();
  } finally {
    process.umask(previous);
  }
}
