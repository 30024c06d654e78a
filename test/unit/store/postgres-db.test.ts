// The PostgreSQL engine behind the store's synchronous port, against a real server: what our code
// relies on from better-sqlite3 holds (placeholders, numbers, savepoints, one writer at a time), and
// a lost server fails fast with a clear error and is reached again on the next call.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, prepared, type Db } from '../../../src/store/db.js';
import { StoreUnavailableError } from '../../../src/store/pg-bridge.js';
import { isDatabaseBusy } from '../../../src/store/busy.js';
import { PostgresDb, toPositional } from '../../../src/store/postgres-db.js';
import { maskConnectionString } from '../../../src/store/engine.js';
import { freshPostgresUrl, pgAvailable, PG_ADMIN_URL } from '../../helpers/postgres.js';

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});
const fresh = () => {
  const db = openDatabase(freshPostgresUrl());
  open.push(db);
  return db;
};
const addService = (db: Db, slug: string) =>
  (prepared(db, "INSERT INTO services (slug, name, integration_key, created_at) VALUES (?, ?, ?, 'now') RETURNING id").get(slug, slug, `k-${slug}`) as { id: number }).id;

it('turns ? into $n outside literals, quoted names and comments', () => {
  expect(toPositional(`SELECT '?' AS "a?", x FROM t -- why?\nWHERE a = ? AND b = ?`)).toBe(`SELECT '?' AS "a?", x FROM t -- why?\nWHERE a = $1 AND b = $2`);
});

it('never shows a connection string’s password', () => {
  expect(maskConnectionString('postgres://ops:s3cret@db.example:5432/ops')).toBe('postgres://ops:***@db.example:5432/ops');
  expect(maskConnectionString('postgresql://db/ops?user=ops&password=s3cret')).toBe('postgresql://db/ops?user=ops&password=***');
});

describe.skipIf(!pgAvailable())('PostgresDb', () => {
  it('answers numbers as numbers (BIGINT ids and times, counts, comparisons), as SQLite does', () => {
    const db = fresh();
    const id = addService(db, 'api');
    prepared(db, `INSERT INTO incidents (title, service_id, urgency, status, created_at, updated_at, triggered_by, last_triggered_at) VALUES ('x', ?, 'HIGH', 'OPEN', ?, ?, '{}', ?)`).run(id, 1_764_500_000_123, 1, 1);
    expect(db.prepare('SELECT id, created_at, count(*) OVER () AS n, created_at > 5 AS later FROM incidents').get()).toEqual({ id: 1, created_at: 1_764_500_000_123, n: 1, later: 1 });
    expect(prepared(db, 'SELECT slug FROM services WHERE id = ?').pluck().get(id)).toBe('api');
  });

  it('rolls back a failed transaction, and only the savepoint of a failed nested one', () => {
    const db = fresh();
    expect(() =>
      db.transaction(() => {
        addService(db, 'a');
        addService(db, 'a'); // unique slug
      }).immediate(),
    ).toThrow(/duplicate key/);
    db.transaction(() => {
      addService(db, 'b');
      expect(() => db.transaction(() => addService(db, 'b'))()).toThrow(/duplicate key/);
      addService(db, 'c');
    }).immediate();
    expect(db.prepare('SELECT slug FROM services ORDER BY slug').pluck().all()).toEqual(['b', 'c']);
    expect(db.inTransaction).toBe(false);
  });

  it('lets one writer at a time: a second connection’s write waits for the first to commit, then sees it', () => {
    const url = freshPostgresUrl();
    const first = openDatabase(url);
    const second = new PostgresDb(url, { lockTimeoutMs: 200 });
    open.push(first, second);
    first.transaction(() => {
      addService(first, 'a');
      // The other connection cannot write meanwhile, not even a statement of its own: it is told the database is busy.
      let err: unknown;
      try {
        addService(second, 'z');
      } catch (e) {
        err = e;
      }
      expect(isDatabaseBusy(err)).toBe(true);
    }).immediate();
    const count = second.transaction(() => (second.prepare('SELECT count(*) AS n FROM services').get() as { n: number }).n).immediate();
    expect(count).toBe(1);
  });

  it('fails fast when the server is unreachable, saying so, and connects again once it is back', () => {
    const url = freshPostgresUrl();
    const db = new PostgresDb(url, { connectTimeoutMs: 2000 });
    open.push(db);
    const admin = new PostgresDb(PG_ADMIN_URL);
    open.push(admin);
    let err: unknown;
    const work = db.transaction(() => {
      expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
      // The server ends our session mid-transaction (as a failover or restart does): the rest of
      // the transaction fails, and never runs on a new connection outside it.
      admin.prepare('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()').all(new URL(url).pathname.slice(1));
      try {
        db.prepare('SELECT 1 AS one').get();
      } catch (e) {
        err = e;
      }
    });
    expect(() => work()).toThrow(StoreUnavailableError); // and so does its commit
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(/database is unavailable/);
    expect(isDatabaseBusy(err)).toBe(true); // held and retried like a locked SQLite file
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });

    const nowhere = new PostgresDb('postgres://postgres:secret@127.0.0.1:1/none', { connectTimeoutMs: 500 });
    open.push(nowhere);
    expect(() => nowhere.prepare('SELECT 1').get()).toThrow(StoreUnavailableError);
  });
});
