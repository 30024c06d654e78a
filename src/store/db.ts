// Opens the SQLite database: private file, WAL, foreign keys, busy timeout, versioned migrations.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { ensureParentDir } from '../config/paths.js';
import { EXPLAINED } from '../domain/explained-error.js';

export type Db = Database.Database;
export type Statement = Database.Statement;

const statementCache = new WeakMap<Db, Map<string, Statement>>();

/** Prepares a statement once per connection: compiling SQL costs more than running most of ours. */
export function prepared(db: Db, sql: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

export class DatabaseError extends Error {
  readonly [EXPLAINED] = true;
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}

interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}-.+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 3)), name: file, sql: readFileSync(`${dir}/${file}`, 'utf8') }));
}

export function openDatabase(file: string, migrations: Migration[] = loadMigrations()): Db {
  if (file !== ':memory:') ensureParentDir(file);
  return withPrivateFiles(() => {
    let db: Db;
    try {
      db = new Database(file);
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

export function migrate(db: Db, migrations: Migration[], label = 'the database'): void {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new DatabaseError(
      `${label} was written by a newer opsknight-slack (schema version ${current}; this one knows up to ${latest}). ` +
        'Upgrade opsknight-slack, or point OPSKNIGHT_SLACK_DB at another file.',
    );
  }
  const pending = migrations.filter((x) => x.version > current);
  for (const m of pending) {
    // Each migration and its version bump commit together, so a failure leaves the previous version intact.
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  // Table rebuilds (the outbox, twice) leave a large WAL: fold it into the file now, so the daemon
  // starts with an empty one and the checkpointer wakes for the daemon's own writes only.
  if (pending.length) db.pragma('wal_checkpoint(TRUNCATE)');
}
