// The store's Db port on PostgreSQL, over the synchronous bridge. It behaves as SQLite does for our
// code: one writer at a time (every write transaction, and every write outside one, first takes a
// transaction-level advisory lock, so a read-then-write is as exact across daemons as within one
// SQLite file), read transactions see one snapshot (REPEATABLE READ), nested transactions are
// savepoints, `?` placeholders, numbers as numbers.
import type { Db, RunResult, Statement, Transaction } from './engine.js';
import { maskConnectionString } from './engine.js';
import { SyncBridge, type BridgeOp, type BridgeOptions } from './pg-bridge.js';

/** The writer lock's key (any constant all our processes share: "OKSL"). */
export const WRITER_LOCK_KEY = 0x4f4b534c;
const TAKE_WRITER_LOCK: BridgeOp = { sql: `SELECT pg_advisory_xact_lock(${WRITER_LOCK_KEY})` };
/** Reads see one snapshot of the whole transaction, as in SQLite. */
const BEGIN_READ: BridgeOp = { sql: 'BEGIN ISOLATION LEVEL REPEATABLE READ' };

/** `?` → `$1, $2, …`, outside string literals, quoted names and comments. */
export function toPositional(sql: string): string {
  let out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop + 1);
      i = stop;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (ch === '?') out += `$${++n}`;
    else out += ch;
  }
  return out;
}

/** Statements that change data (keywords are upper case in our SQL; literals such as 'update' are not). */
const WRITES = /\b(INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|TRUNCATE)\b/;
const isWrite = (sql: string) => WRITES.test(sql);

class PostgresStatement implements Statement {
  private plucking = false;
  private readonly text: string;
  private readonly writes: boolean;

  constructor(
    private readonly db: PostgresDb,
    sql: string,
  ) {
    this.text = toPositional(sql);
    this.writes = isWrite(sql);
  }

  pluck(toggle = true): Statement {
    this.plucking = toggle;
    return this;
  }

  get(...params: unknown[]): unknown {
    return this.shape(this.db.query(this.text, flatten(params), this.writes).rows[0]);
  }

  all(...params: unknown[]): unknown[] {
    return this.db.query(this.text, flatten(params), this.writes).rows.map((r) => this.shape(r));
  }

  run(...params: unknown[]): RunResult {
    return { changes: this.db.query(this.text, flatten(params), this.writes).rowCount };
  }

  private shape(row: Record<string, unknown> | undefined): unknown {
    if (!row || !this.plucking) return row;
    for (const key in row) return row[key];
    return undefined;
  }
}

/** better-sqlite3 takes parameters spread or as one array. */
const flatten = (params: unknown[]): unknown[] => (params.length === 1 && Array.isArray(params[0]) ? (params[0] as unknown[]) : params);

type Mode = 'deferred' | 'immediate';

export class PostgresDb implements Db {
  readonly engine = 'postgres' as const;
  readonly name: string;
  private readonly bridge: SyncBridge;
  private closed = false;
  /** Nesting depth: 0 outside a transaction, 1 in one, more in savepoints. */
  private depth = 0;
  private holdsWriterLock = false;
  /** Statements to send ahead of the next one (BEGIN and the lock): one trip to the worker, not three. */
  private pending: BridgeOp[] = [];
  /** The connection the open transaction began on. */
  private txSession: number | undefined;

  constructor(connectionString: string, options: BridgeOptions = {}) {
    this.name = maskConnectionString(connectionString);
    this.bridge = new SyncBridge(connectionString, options);
  }

  get open(): boolean {
    return !this.closed;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  prepare(sql: string): Statement {
    return new PostgresStatement(this, sql);
  }

  /** Outside a transaction the SQL runs as it is (no writer lock): statements such as CREATE
   *  DATABASE cannot run in one. Inside a transaction it is a write like any other. */
  exec(sql: string): this {
    if (this.depth === 0) {
      if (this.closed) throw new TypeError('The database connection is not open');
      this.bridge.run([{ sql }]);
    } else this.query(sql, [], isWrite(sql));
    return this;
  }

  /** Runs one statement: in the open transaction (taking the writer lock before its first write),
   *  or on its own (a write then runs in a transaction of its own that takes the lock). */
  query(sql: string, params: unknown[], writes: boolean): { rows: Record<string, unknown>[]; rowCount: number } {
    if (this.closed) throw new TypeError('The database connection is not open');
    const op: BridgeOp = { sql, params };
    if (this.depth === 0 && writes) {
      const results = this.bridge.run([{ sql: 'BEGIN' }, TAKE_WRITER_LOCK, op, { sql: 'COMMIT' }], { atomic: true });
      return results[2]!;
    }
    const ops = this.pending;
    this.pending = [];
    if (this.depth > 0 && writes && !this.holdsWriterLock) {
      // A write in a read transaction: like SQLite upgrading a deferred transaction to a writer.
      // Before anything ran it simply becomes a write transaction; after, its snapshot may be old,
      // and a conflict fails as busy (SQLite: SQLITE_BUSY_SNAPSHOT), to be tried again.
      if (ops[0] === BEGIN_READ) ops[0] = { sql: 'BEGIN' };
      ops.push(TAKE_WRITER_LOCK);
      this.holdsWriterLock = true;
    }
    ops.push(op);
    const results = this.inTx(ops);
    return results[results.length - 1]!;
  }

  transaction<A extends unknown[], R>(fn: (...args: A) => R): Transaction<A, R> {
    const begin = (mode: Mode) =>
      (...args: A): R => {
        if (this.depth > 0) return this.inSavepoint(() => fn(...args));
        this.pending =
          mode === 'immediate'
            ? [{ sql: 'BEGIN' }, TAKE_WRITER_LOCK] // READ COMMITTED: each statement sees what committed before the lock was ours
            : [BEGIN_READ];
        this.holdsWriterLock = mode === 'immediate';
        this.depth = 1;
        try {
          const result = fn(...args);
          if (this.pending.length) this.pending = []; // nothing ran: nothing to commit
          else this.inTx([{ sql: 'COMMIT' }]);
          return result;
        } catch (err) {
          if (this.pending.length) this.pending = [];
          else this.rollbackQuietly('ROLLBACK');
          throw err;
        } finally {
          this.depth = 0;
          this.holdsWriterLock = false;
          this.txSession = undefined;
        }
      };
    const plain = begin('deferred') as Transaction<A, R>;
    plain.deferred = begin('deferred');
    plain.immediate = begin('immediate');
    plain.exclusive = begin('immediate');
    return plain;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.bridge.close();
  }

  private inSavepoint<R>(work: () => R): R {
    const name = `sp${this.depth}`;
    this.pending.push({ sql: `SAVEPOINT ${name}` });
    this.depth++;
    try {
      const result = work();
      this.flushOr(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      this.rollbackQuietly(`ROLLBACK TO SAVEPOINT ${name}`, `RELEASE SAVEPOINT ${name}`);
      throw err;
    } finally {
      this.depth--;
    }
  }

  private flushOr(sql: string): void {
    this.inTx([...this.pending.splice(0), { sql }]);
  }

  /** Runs ops of the open transaction: the first batch (with BEGIN) fixes its connection; later
   *  batches fail if that connection was lost, rather than run outside the transaction. */
  private inTx(ops: BridgeOp[]): ReturnType<SyncBridge['run']> {
    const results = this.bridge.run(ops, { session: this.txSession });
    this.txSession ??= this.bridge.session;
    return results;
  }

  /** Undoes after a failure; the failure itself is what the caller hears about. */
  private rollbackQuietly(...sql: string[]): void {
    const ops = [...this.pending.splice(0), ...sql.map((s) => ({ sql: s }))];
    try {
      this.inTx(ops);
    } catch {
      // the connection is gone: so is the transaction
    }
  }
}
