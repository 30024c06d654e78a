// Versioned migrations, one directory and one numbering for both engines. SQLite runs every
// `NNN-name.sql` and keeps its version in `user_version`. PostgreSQL starts from
// `015-baseline.pg.sql` (SQLite's schema at version 15, in PostgreSQL types), then for each later
// version runs its `.pg.sql` variant if there is one, else the portable `.sql`; it keeps its version
// in a `schema_version` table. A database written by a newer opsknight-slack is refused.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXPLAINED } from '../domain/explained-error.js';
import { isSqlite, type Db, type Engine } from './engine.js';

export class DatabaseError extends Error {
  readonly [EXPLAINED] = true;
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** PostgreSQL's schema starts here, whole. */
export const PG_BASELINE_VERSION = 15;

export function loadMigrations(dir = MIGRATIONS_DIR, engine: Engine = 'sqlite'): Migration[] {
  const files = readdirSync(dir).filter((f) => /^\d{3}-.+\.sql$/.test(f)).sort();
  const read = (file: string): Migration => ({ version: Number(file.slice(0, 3)), name: file, sql: readFileSync(`${dir}/${file}`, 'utf8') });
  if (engine === 'sqlite') return files.filter((f) => !f.endsWith('.pg.sql')).map(read);
  const byVersion = new Map<number, string>();
  for (const f of files) {
    const version = Number(f.slice(0, 3));
    if (version < PG_BASELINE_VERSION || (version === PG_BASELINE_VERSION && f !== '015-baseline.pg.sql')) continue;
    if (f.endsWith('.pg.sql') || !byVersion.has(version)) byVersion.set(version, f);
  }
  return [...byVersion.values()].map(read);
}

/** The schema version the database is at (0: empty). */
export function schemaVersion(db: Db): number {
  if (isSqlite(db)) return db.pragma('user_version', { simple: true }) as number;
  const exists = db.prepare("SELECT to_regclass('schema_version') IS NOT NULL AS present").get() as { present: number };
  if (!exists.present) return 0;
  return ((db.prepare('SELECT max(version) AS version FROM schema_version').get() as { version: number | null }).version ?? 0);
}

export function migrate(db: Db, migrations: Migration[], label = 'the database'): void {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const refuseNewer = (current: number) => {
    if (current > latest) {
      throw new DatabaseError(
        `${label} was written by a newer opsknight-slack (schema version ${current}; this one knows up to ${latest}). ` +
          'Upgrade opsknight-slack, or point OPSKNIGHT_SLACK_DB at another database.',
      );
    }
  };
  const found = schemaVersion(db);
  refuseNewer(found);
  let ran = 0;
  // Nothing pending: no write lock taken (the CLI opens the database while others write).
  for (const m of migrations.filter((x) => x.version > found)) {
    // Each migration and its version bump commit together, so a failure leaves the previous version
    // intact. The version is read again under the write lock: two daemons starting together migrate once.
    db.transaction(() => {
      if (!isSqlite(db)) db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
      const current = schemaVersion(db);
      refuseNewer(current);
      if (current >= m.version) return;
      db.exec(m.sql);
      if (isSqlite(db)) db.pragma(`user_version = ${m.version}`);
      else db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(m.version);
      ran++;
    }).immediate();
  }
  // Migrations that rebuild tables leave a large WAL behind; fold it into the file once, so the
  // daemon starts with a small WAL instead of carrying the upgrade's pages until its first checkpoint.
  if (ran > 0 && isSqlite(db) && db.pragma('journal_mode', { simple: true }) === 'wal') db.pragma('wal_checkpoint(TRUNCATE)');
}
