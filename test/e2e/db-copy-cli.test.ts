// `opsknight-slack db copy --to postgres://…`: a SQLite installation moved to PostgreSQL, verifiably,
// against a real server (skipped outside CI when none is reachable; see test/helpers/postgres.ts).
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgres, openSqlite } from '../../src/store/db.js';
import { tableNames } from '../../src/store/inventory.js';
import { runCli } from '../helpers/cli.js';
import { API_TOKEN, BOT_TOKEN, fillEveryTable } from '../helpers/full-installation.js';
import { freshPostgresUrl, pgAvailable } from '../helpers/postgres.js';
import { tempHome } from '../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
beforeEach(() => {
  home = tempHome();
  delete home.env.OPSKNIGHT_SLACK_DB; // the SQLite file, even when OPSKNIGHT_TEST_STORE=postgres runs the stories on PostgreSQL
});
afterEach(() => home.remove());

const sqliteFile = () => join(home.env.OPSKNIGHT_SLACK_HOME!, 'opsknight-slack.db');

interface CopyJson {
  matches: boolean;
  rows: number;
  tables: { table: string; source_rows: number; target_rows: number; source_checksum: string; target_checksum: string; matches: boolean }[];
}

function sqliteTables(): string[] {
  const db = openSqlite(sqliteFile());
  try {
    return tableNames(db);
  } finally {
    db.close();
  }
}

describe('the installation db copy is tested on', () => {
  it('has rows in every table the schema has (a new table needs a row in test/helpers/full-installation.ts)', () => {
    fillEveryTable(home.env);
    const db = openSqlite(sqliteFile());
    const empty = tableNames(db).filter((t) => !db.prepare(`SELECT 1 AS one FROM "${t}" LIMIT 1`).get());
    db.close();
    expect(empty).toEqual([]);
  });
});

describe.runIf(pgAvailable())('opsknight-slack db copy', () => {
  it('moves every table into PostgreSQL, proves it per table, and the daemon’s data works there with the same key', () => {
    fillEveryTable(home.env);
    const url = freshPostgresUrl({ migrated: false });
    const r = runCli(['db', 'copy', '--to', url], home.env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Copying .*opsknight-slack\.db into postgres:\/\/postgres:\*\*\*@/);
    expect(r.stdout).not.toContain(':postgres@'); // the password is masked
    expect(r.stdout).toMatch(/table +sqlite rows +postgres rows +sqlite checksum +postgres checksum/);
    expect(r.stdout).toMatch(/^incidents +301 +301 +([0-9a-f]{12}) +\1 +ok$/m);
    expect(r.stdout).toMatch(/Copied \d+ tables, [\d,]+ rows, at schema version \d+: every count and checksum matches/);
    expect(r.stdout).toMatch(/OPSKNIGHT_SLACK_DB=postgres:\/\/postgres:\*\*\*@.* and the key file .*secret\.key/);

    // Every table of the schema, on both sides, with every row.
    const again = runCli(['db', 'copy', '--to', url, '--replace', '--json'], home.env);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as CopyJson;
    const pg = openPostgres(url);
    const targetTables = tableNames(pg);
    pg.close();
    expect(report.tables.map((t) => t.table).sort()).toEqual(sqliteTables());
    expect(targetTables).toEqual(sqliteTables());
    for (const t of report.tables) {
      expect(t.source_rows, t.table).toBeGreaterThan(0);
      expect(t, t.table).toMatchObject({ target_rows: t.source_rows, target_checksum: t.source_checksum, matches: true });
    }
    expect(report.tables.find((t) => t.table === 'outbox')!.source_rows).toBeGreaterThan(500); // read and written in several pages

    // The daemon's data, read through the product on PostgreSQL.
    const onPg = { ...home.env, OPSKNIGHT_SLACK_DB: url };
    const shown = JSON.parse(runCli(['incident', 'show', '1', '--json'], onPg).stdout);
    expect(shown).toMatchObject({ id: 1, title: 'Checkout down', status: 'ACKNOWLEDGED', service: 'payment-api' });
    expect(shown.events.map((e: { type: string }) => e.type)).toEqual(['triggered', 'acknowledged', 'note_added']);
    // Secrets were copied sealed: the same key opens them, another is refused.
    expect(runCli(['config', 'show-token'], onPg).stdout.trim()).toBe(API_TOKEN);
    const workspaces = runCli(['workspace', 'list', '--json'], onPg);
    expect(workspaces.stdout).toContain('T0FULL');
    expect(workspaces.stdout).not.toContain(BOT_TOKEN);
    const otherKey = runCli(['config', 'show-token'], { ...onPg, OPSKNIGHT_SECRET_KEY: 'another key entirely' });
    expect(otherKey.code).toBe(1);
    expect(otherKey.stderr).toMatch(/not the key they were saved with/);
    // Ids continue after the copied ones: the next incident is #302, not #1, and its timeline entry follows the copied ones.
    const next = runCli(['incident', 'trigger', '-t', 'After the move', '-s', 'search', '--json'], onPg);
    expect(next.stderr).toBe('');
    expect(JSON.parse(next.stdout).id).toBe(302);
    const pgAfter = openPostgres(url);
    const lastEvent = pgAfter.prepare('SELECT MAX(id) AS id FROM incident_events').get() as { id: number };
    pgAfter.close();
    expect(lastEvent.id).toBe(report.tables.find((t) => t.table === 'incident_events')!.source_rows + 1);
  });

  it('refuses a target that holds data unless --replace, and leaves it as it was', () => {
    runCli(['service', 'add', 'payment-api'], home.env);
    const url = freshPostgresUrl();
    const onPg = { ...home.env, OPSKNIGHT_SLACK_DB: url };
    expect(runCli(['service', 'add', 'already-there'], onPg).code).toBe(0);
    const refused = runCli(['db', 'copy', '--to', url], home.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/The target already holds data \(in services\): copy into an empty database, or add --replace/);
    expect(JSON.parse(runCli(['service', 'list', '--json'], onPg).stdout).map((s: { slug: string }) => s.slug)).toEqual(['already-there']);

    expect(runCli(['db', 'copy', '--to', url, '--replace'], home.env).code).toBe(0);
    expect(JSON.parse(runCli(['service', 'list', '--json'], onPg).stdout).map((s: { slug: string }) => s.slug)).toEqual(['payment-api']);
  });

  it('a target that does not keep what it was given: exit 1, naming the table', () => {
    fillEveryTable(home.env);
    const url = freshPostgresUrl();
    const pg = openPostgres(url);
    // Something in the target rewrites rows as they arrive (here a trigger; elsewhere an extension, a bad replica).
    pg.exec(`CREATE FUNCTION shout() RETURNS trigger AS $$ BEGIN NEW.title := upper(NEW.title); RETURN NEW; END $$ LANGUAGE plpgsql;
             CREATE TRIGGER shout BEFORE INSERT ON incidents FOR EACH ROW EXECUTE FUNCTION shout();`);
    pg.close();
    const r = runCli(['db', 'copy', '--to', url], home.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^incidents +301 +301 +([0-9a-f]{12}) +(?!\1)[0-9a-f]{12} +MISMATCH$/m);
    expect(r.stdout).toMatch(/^services +2 +2 +([0-9a-f]{12}) +\1 +ok$/m);
    expect(r.stderr).toMatch(/The copy does not match the SQLite database in incidents: do not switch to it/);
  });

  it('bad usage and wrong sources are explained', () => {
    const bad = runCli(['db', 'copy', '--to', 'mysql://x'], home.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--to <url>.*PostgreSQL connection string/);
    expect(runCli(['db', 'copy'], home.env).code).toBe(2);
    const none = runCli(['db', 'copy', '--to', freshPostgresUrl()], home.env);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/There is no database at .*: nothing to copy/);
    const fromPg = runCli(['db', 'copy', '--to', freshPostgresUrl()], { ...home.env, OPSKNIGHT_SLACK_DB: freshPostgresUrl() });
    expect(fromPg.code).toBe(1);
    expect(fromPg.stderr).toMatch(/the database in use is already PostgreSQL/);
  });
});
