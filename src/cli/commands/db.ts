// `opsknight-slack db status|migrate`: the database's engine, schema version and pending migrations.
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { resolvePaths } from '../../config/paths.js';
import { loadMigrations, openDatabase } from '../../store/db.js';
import { rowCounts } from '../../store/inventory.js';
import { print, printJson } from '../output.js';
import { bytesInWords, countsInWords } from './db-summary.js';

interface Status {
  engine: 'sqlite' | 'postgres';
  database: string;
  exists: boolean;
  bytes?: number;
  schemaVersion: number;
  latestVersion: number;
  pending: string[];
  counts: Record<string, number>;
}

/** Looks at the database without migrating it (that is `db migrate`'s job, or the daemon's). */
function readStatus(): Status {
  const paths = resolvePaths(process.env);
  const migrations = loadMigrations();
  const latestVersion = Math.max(...migrations.map((m) => m.version));
  const base = { engine: 'sqlite' as const, database: paths.database, latestVersion };
  if (!existsSync(paths.database)) return { ...base, exists: false, schemaVersion: 0, pending: migrations.map((m) => m.name), counts: {} };
  const db = new Database(paths.database, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    return {
      ...base,
      exists: true,
      bytes: statSync(paths.database).size,
      schemaVersion,
      pending: migrations.filter((m) => m.version > schemaVersion).map((m) => m.name),
      counts: rowCounts(db),
    };
  } finally {
    db.close();
  }
}

function versionInWords(s: Status): string {
  if (s.schemaVersion > s.latestVersion) return `${s.schemaVersion}: newer than this build knows (${s.latestVersion}) — upgrade opsknight-slack; this one refuses to open it`;
  if (s.schemaVersion === s.latestVersion) return `${s.schemaVersion} (this build's: up to date)`;
  return `${s.schemaVersion} (this build's: ${s.latestVersion})`;
}

export async function dbStatus(opts: { json?: boolean }): Promise<void> {
  const s = readStatus();
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
  const engine = s.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  print(`Engine:          ${engine}`);
  print(`Database:        ${s.database}${s.bytes !== undefined ? ` (${bytesInWords(s.bytes)})` : ''}`);
  if (!s.exists) {
    print(`Schema version:  none yet: the database is created by \`opsknight-slack db migrate\`, \`serve\` or any command that stores something (this build's: ${s.latestVersion})`);
    return;
  }
  print(`Schema version:  ${versionInWords(s)}`);
  print(`Pending:         ${s.pending.length ? `${s.pending.join(', ')} — applied by \`opsknight-slack db migrate\`, or when the daemon next starts` : 'no migrations'}`);
  print(`Holds:           ${countsInWords(s.counts)} (every table: --json)`);
}

export async function dbMigrate(opts: { json?: boolean }): Promise<void> {
  const before = readStatus();
  const db = openDatabase(resolvePaths(process.env).database);
  db.close();
  const after = readStatus();
  const applied = loadMigrations()
    .filter((m) => m.version > before.schemaVersion && m.version <= after.schemaVersion)
    .map((m) => m.name);
  if (opts.json) return printJson({ engine: after.engine, database: after.database, from_version: before.schemaVersion, to_version: after.schemaVersion, applied });
  if (!applied.length) return print(`${after.database} is at schema version ${after.schemaVersion}, this build's: nothing to migrate.`);
  print(`Migrated ${after.database} from schema version ${before.schemaVersion} to ${after.schemaVersion}: ${applied.join(', ')}.`);
}
