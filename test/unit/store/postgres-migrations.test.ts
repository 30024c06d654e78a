// Migrations on PostgreSQL, and both engines' schemas in step: PostgreSQL starts from the baseline
// (SQLite's schema at version 15) and then runs the same later migrations (or their .pg.sql
// variants), so after all of them both engines must have the same tables and columns.
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseError, loadMigrations, openDatabase, openSqlite, schemaVersion, type Db } from '../../../src/store/db.js';
import { isSqlite } from '../../../src/store/engine.js';
import { freshPostgresUrl, pgAvailable } from '../../helpers/postgres.js';

const open: Db[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

type Schema = Record<string, Record<string, string>>;

/** table → column → "integer|text[ not null]" (a primary key column is not null on both). */
function schemaOf(db: Db): Schema {
  const out: Schema = {};
  if (isSqlite(db)) {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    for (const t of tables) {
      const cols = db.pragma(`table_info(${t})`) as { name: string; type: string; notnull: number; pk: number }[];
      out[t] = Object.fromEntries(cols.map((c) => [c.name, `${/INT/i.test(c.type) ? 'integer' : c.type.toLowerCase()}${c.notnull || c.pk ? ' not null' : ''}`]));
    }
    return out;
  }
  const cols = db
    .prepare("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'schema_version' ORDER BY table_name, ordinal_position")
    .all() as { table_name: string; column_name: string; data_type: string; is_nullable: string }[];
  for (const c of cols) {
    if (c.table_name === 'slack_messages' && c.column_name === 'rowid') continue; // stands in for SQLite's implicit rowid
    (out[c.table_name] ??= {})[c.column_name] = `${/int/.test(c.data_type) ? 'integer' : c.data_type}${c.is_nullable === 'NO' ? ' not null' : ''}`;
  }
  return out;
}

describe.skipIf(!pgAvailable())('PostgreSQL migrations', () => {
  it('starts from the baseline, then runs each later version once (its .pg.sql variant if there is one)', () => {
    const names = loadMigrations(undefined, 'postgres').map((m) => m.name);
    expect(names[0]).toBe('015-baseline.pg.sql');
    expect(names.every((n) => Number(n.slice(0, 3)) >= 15)).toBe(true);
    const url = freshPostgresUrl({ migrated: false });
    const db = openDatabase(url);
    open.push(db);
    const latest = Math.max(...loadMigrations().map((m) => m.version));
    expect(schemaVersion(db)).toBe(latest);
    db.close();
    const again = openDatabase(url); // nothing runs twice
    open.push(again);
    expect(again.prepare('SELECT count(*) AS n FROM schema_version WHERE version = ?').get(latest)).toEqual({ n: 1 });
  });

  it('has the same tables and columns as SQLite after all migrations', () => {
    const sqlite = openSqlite(':memory:');
    const pg = openDatabase(freshPostgresUrl({ migrated: false }));
    open.push(sqlite, pg);
    expect(schemaOf(pg)).toEqual(schemaOf(sqlite));
    // Every `id` SQLite assigns (INTEGER PRIMARY KEY) PostgreSQL assigns too: an identity column
    // (a later migration's table with an id needs a .pg.sql variant saying so).
    const ids = pg.prepare("SELECT table_name, is_identity FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id' AND data_type <> 'text'").all() as { table_name: string; is_identity: string }[];
    expect(ids.length).toBeGreaterThan(10);
    expect(ids.filter((c) => c.is_identity !== 'YES').map((c) => c.table_name)).toEqual([]);
  });

  it('refuses a database written by a newer version, with the same message as on SQLite', () => {
    const url = freshPostgresUrl();
    const db = openDatabase(url);
    db.prepare('INSERT INTO schema_version (version) VALUES (999)').run();
    db.close();
    expect(() => openDatabase(url)).toThrow(DatabaseError);
    expect(() => openDatabase(url)).toThrow(/newer opsknight-slack \(schema version 999.*Upgrade opsknight-slack/);
    // …and the message never shows the password of the connection string.
    expect(() => openDatabase(url)).toThrow(/postgres:\*\*\*@/);
  });
});
