// `opsknight-slack db status|migrate` on the embedded database: what a user checks before and after an upgrade.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, openSqlite } from '../../src/store/db.js';
import { runCli } from '../helpers/cli.js';
import { freshPostgresUrl, pgAvailable } from '../helpers/postgres.js';
import { tempHome } from '../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
beforeEach(() => {
  home = tempHome();
  delete home.env.OPSKNIGHT_SLACK_DB; // the SQLite file, even when OPSKNIGHT_TEST_STORE=postgres runs the stories on PostgreSQL
});
afterEach(() => home.remove());

const cli = (...args: string[]) => runCli(args, home.env);
const json = (...args: string[]) => {
  const r = cli(...args, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};
const migrations = loadMigrations();
const latest = Math.max(...migrations.map((m) => m.version));
const dbFile = () => join(home.env.OPSKNIGHT_SLACK_HOME!, 'opsknight-slack.db');

describe('opsknight-slack db status and migrate', () => {
  it('on a new installation: nothing yet, then migrate creates the database at this build’s version', () => {
    const before = cli('db', 'status');
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/Engine: +SQLite/);
    expect(before.stdout).toMatch(/Schema version: +none yet/);
    expect(json('db', 'status')).toMatchObject({ engine: 'sqlite', exists: false, schema_version: 0, latest_version: latest });

    const migrated = json('db', 'migrate');
    expect(migrated).toMatchObject({ engine: 'sqlite', from_version: 0, to_version: latest });
    expect(migrated.applied).toEqual(migrations.map((m) => m.name));
    expect(cli('db', 'migrate').stdout).toMatch(new RegExp(`at schema version ${latest}, this build's: nothing to migrate`));

    cli('service', 'add', 'payment-api');
    cli('incident', 'trigger', '-t', 'Checkout down', '-s', 'payment-api');
    const status = cli('db', 'status');
    expect(status.stdout).toMatch(new RegExp(`Schema version: +${latest} \\(this build's: up to date\\)`));
    expect(status.stdout).toMatch(/Pending: +no migrations/);
    expect(status.stdout).toMatch(/Holds: +1 incident, 1 timeline event, 0 workspaces, 1 service,/);
    const s = json('db', 'status');
    expect(s).toMatchObject({ exists: true, up_to_date: true, pending_migrations: [], database: dbFile() });
    expect(s.counts).toMatchObject({ incidents: 1, services: 1, outbox: 0 });
    expect(s.bytes).toBeGreaterThan(0);
  });

  it('an older database: status lists the pending migrations without applying them; migrate applies them', () => {
    const old = migrations.filter((m) => m.version <= 12);
    openSqlite(dbFile(), old).close();
    const pending = migrations.filter((m) => m.version > 12).map((m) => m.name);
    expect(cli('db', 'status').stdout).toMatch(new RegExp(`Schema version: +12 \\(this build's: ${latest}\\)`));
    expect(cli('db', 'status').stdout).toContain(`Pending:         ${pending.join(', ')} — applied by \`opsknight-slack db migrate\``);
    expect(json('db', 'status')).toMatchObject({ schema_version: 12, up_to_date: false, pending_migrations: pending });
    expect(json('db', 'status').schema_version).toBe(12); // looking changed nothing

    const r = cli('db', 'migrate');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`from schema version 12 to ${latest}: ${pending.join(', ')}`);
    expect(json('db', 'status')).toMatchObject({ schema_version: latest, pending_migrations: [] });
  });

  it('a database written by a newer version: status says so, migrate refuses with what to do', () => {
    const db = openSqlite(dbFile());
    db.pragma(`user_version = ${latest + 3}`);
    db.close();
    expect(cli('db', 'status').stdout).toMatch(new RegExp(`${latest + 3}: newer than this build knows \\(${latest}\\) — upgrade opsknight-slack`));
    const r = cli('db', 'migrate');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/written by a newer opsknight-slack .* Upgrade opsknight-slack/);
  });
});

describe.runIf(pgAvailable())('opsknight-slack db status and migrate on PostgreSQL', () => {
  it('an empty database: status says so; migrate brings it to this build’s version; status then counts what it holds', () => {
    const url = freshPostgresUrl({ migrated: false });
    const env = { ...home.env, OPSKNIGHT_SLACK_DB: url };
    const pg = loadMigrations(undefined, 'postgres');
    const before = JSON.parse(runCli(['db', 'status', '--json'], env).stdout);
    expect(before).toMatchObject({ engine: 'postgres', exists: false, schema_version: 0, latest_version: latest, pending_migrations: pg.map((m) => m.name) });
    expect(before.database).not.toContain(':postgres@'); // the password is masked
    expect(before.database).toContain(':***@');

    const migrated = runCli(['db', 'migrate'], env);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain(`to ${latest}: ${pg.map((m) => m.name).join(', ')}`);
    expect(runCli(['service', 'add', 'payment-api'], env).code).toBe(0);
    const status = runCli(['db', 'status'], env);
    expect(status.stdout).toMatch(/Engine: +PostgreSQL/);
    expect(status.stdout).toMatch(new RegExp(`Schema version: +${latest} \\(this build's: up to date\\)`));
    expect(status.stdout).toMatch(/Holds: +0 incidents, 0 timeline events, 0 workspaces, 1 service,/);
    expect(status.stdout).not.toContain('postgres:postgres@');
  });

  it('an unreachable server is a clear error, its password masked', () => {
    const r = runCli(['db', 'status'], { ...home.env, OPSKNIGHT_SLACK_DB: 'postgres://ops:hunter2@127.0.0.1:1/none' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot reach the database postgres:\/\/ops:\*\*\*@127\.0\.0\.1:1\/none/);
    expect(r.stderr).not.toContain('hunter2');
  });
});
