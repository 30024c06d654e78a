// The store's one database port, kept synchronous (docs: PG-DESIGN in the PR): better-sqlite3's
// Database satisfies it for SQLite; PostgresDb implements it over a synchronous bridge to `pg`.
// Repos reach it only through `prepared(db, sql)` and `db.transaction(fn)`, in portable SQL with `?`
// placeholders (the PostgreSQL side turns them into $1, $2, …).
import type Database from 'better-sqlite3';

export type Engine = 'sqlite' | 'postgres';

export interface RunResult {
  changes: number;
  /** SQLite only: portable code uses `INSERT … RETURNING id` instead. */
  lastInsertRowid?: number | bigint;
}

export interface Statement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): RunResult;
  /** Rows come back as their first column's value (like better-sqlite3: it sets the statement's mode). */
  pluck(toggle?: boolean): Statement;
}

/** A transaction function, as better-sqlite3 builds them: called plainly it is deferred; inside another
 *  transaction it runs in a savepoint. */
export interface Transaction<A extends unknown[], R> {
  (...args: A): R;
  deferred(...args: A): R;
  immediate(...args: A): R;
  exclusive(...args: A): R;
}

export interface Db {
  readonly engine: Engine;
  /** The file (SQLite) or a masked connection string (PostgreSQL): safe to print. */
  readonly name: string;
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): Statement;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): Transaction<A, R>;
  /** Runs SQL without parameters (several statements allowed). */
  exec(sql: string): this;
  close(): void;
}

/** better-sqlite3's Database, tagged with its engine. */
export type SqliteDb = Database.Database & Db & { readonly engine: 'sqlite' };

export function isSqlite(db: Db): db is SqliteDb {
  return db.engine === 'sqlite';
}

/** Tags a better-sqlite3 Database as the SQLite engine of the port. */
export function asSqliteDb(db: Database.Database): SqliteDb {
  if ((db as unknown as Partial<Db>).engine !== 'sqlite') Object.defineProperty(db, 'engine', { value: 'sqlite', enumerable: false });
  return db as unknown as SqliteDb;
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`: a connection string may carry a
 *  password, so it is never printed in full. */
export function maskConnectionString(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:@/]*:)[^@]*@/i, '$1***@').replace(/([?&]password=)[^&]*/i, '$1***');
}

export const isPostgresUrl = (target: string | undefined): target is string => !!target && /^postgres(?:ql)?:\/\//i.test(target);
