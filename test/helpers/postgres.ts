// PostgreSQL for tests: a real server (no mock) at OPSKNIGHT_TEST_PG_URL (default: the local
// cluster .ci/run starts). Each test gets a throwaway database, copied from a migrated template
// (made once per migrations content), and dropped when the test file ends. Outside CI, tests that
// need PostgreSQL skip with a message when none is reachable; in CI (CI=true) that fails them.
// Synchronous (through the store's own bridge), so tempHome() can hand a story test a database.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe } from 'vitest';
import { openDatabase, openPostgres, type Db } from '../../src/store/db.js';
import { maskConnectionString, type Engine } from '../../src/store/engine.js';
import { PostgresDb } from '../../src/store/postgres-db.js';

export const PG_ADMIN_URL = process.env.OPSKNIGHT_TEST_PG_URL || 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const MIGRATIONS = fileURLToPath(new URL('../../src/store/migrations/', import.meta.url));

let available: boolean | undefined;
let admin: PostgresDb | null = null;
const created: string[] = [];
let counter = 0;

function adminDb(): PostgresDb {
  admin ??= new PostgresDb(PG_ADMIN_URL, { connectTimeoutMs: 3000 });
  return admin;
}

/** Whether the test server answers. In CI an unreachable server is an error, not a skip. */
export function pgAvailable(): boolean {
  if (available !== undefined) return available;
  try {
    adminDb().prepare('SELECT 1').get();
    available = true;
    dropLeftovers(adminDb());
  } catch (err) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is not reachable at ${maskConnectionString(PG_ADMIN_URL)} (CI must start it: .ci/run): ${(err as Error).message}`);
    console.warn(`PostgreSQL is not reachable at ${maskConnectionString(PG_ADMIN_URL)}: its tests are skipped (${(err as Error).message})`);
    available = false;
  }
  return available;
}

const urlFor = (name: string) => {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

const exists = (name: string) => !!adminDb().prepare('SELECT 1 AS one FROM pg_database WHERE datname = ?').get(name);

/** A database at the latest schema to copy from; its name changes with the migrations' content. */
function template(): string {
  const hash = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS).sort()) hash.update(f).update(readFileSync(`${MIGRATIONS}/${f}`));
  const name = `oks_tpl_${hash.digest('hex').slice(0, 16)}`;
  if (exists(name)) return name;
  const building = `${name}_${process.pid}`;
  adminDb().exec(`DROP DATABASE IF EXISTS ${building}`);
  adminDb().exec(`CREATE DATABASE ${building}`);
  openPostgres(urlFor(building)).close();
  try {
    adminDb().exec(`ALTER DATABASE ${building} RENAME TO ${name}`);
  } catch {
    adminDb().exec(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`); // another test process made it first
  }
  return name;
}

/** A new, empty-or-migrated database on the test server, dropped when this test file ends. */
export function freshPostgresUrl(options: { migrated?: boolean } = {}): string {
  if (!pgAvailable()) throw new Error('PostgreSQL is not reachable: guard the test with pgAvailable()');
  const name = `oks_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  adminDb().exec(options.migrated === false ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${template()}`);
  created.push(name);
  return urlFor(name);
}

// Dropping a database waits for a checkpoint: a file that made many needs more than a hook's usual time.
afterAll(() => {
  if (!admin) return;
  for (const name of created.splice(0)) {
    try {
      admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } catch {
      // left behind: the next test process drops it (dropLeftovers)
    }
  }
}, 180_000);

/** Databases of test processes that no longer run (a run killed before its afterAll). */
function dropLeftovers(db: PostgresDb): void {
  const names = db.prepare("SELECT datname FROM pg_database WHERE datname LIKE 'oks\_t\_%'").pluck().all() as string[];
  for (const name of names) {
    const pid = Number(name.split('_')[2]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      try {
        db.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch {
        // another test process is dropping it
      }
    }
  }
}

/** Story tests on PostgreSQL: with OPSKNIGHT_TEST_STORE=postgres, tempHome() gives each test its own database. */
export const storiesOnPostgres = () => process.env.OPSKNIGHT_TEST_STORE === 'postgres';

export interface TestStore {
  engine: Engine;
  /** A new migrated database of this engine. */
  openDb(): Db;
  /** Environment for openCore on a new database of this engine. */
  env(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
}

const STORES: TestStore[] = [
  { engine: 'sqlite', openDb: () => openDatabase(':memory:'), env: (base) => base },
  { engine: 'postgres', openDb: () => openDatabase(freshPostgresUrl()), env: (base) => ({ ...base, OPSKNIGHT_SLACK_DB: freshPostgresUrl() }) },
];

/** The contract suite: the same tests on SQLite and on PostgreSQL (skipped, saying so, without a server outside CI). */
export function describeEachStore(title: string, body: (store: TestStore) => void): void {
  for (const store of STORES) {
    const run = store.engine === 'sqlite' || pgAvailable() ? describe : describe.skip;
    run(`${title} [${store.engine}]`, () => body(store));
  }
}
