// Another process (a backup, the CLI in a long transaction, an admin's sqlite3 shell) may hold
// SQLite's write lock for seconds. SQLite's own busy wait would sleep on the event loop, so the
// daemon's connection does not wait at all (busy_timeout 0): a write that finds the lock taken
// fails at once with SQLITE_BUSY, and the caller retries later without blocking anything.
// Reads never wait: in WAL mode they see the last committed state while the lock is held.
import type { Db } from './db.js';

/** The daemon's connection: never wait for a lock on the event loop. */
export const DAEMON_BUSY_TIMEOUT_MS = 0;

/** A write could not take the database's write lock in time; the caller may try again later. */
export class DatabaseBusyError extends Error {
  /** Seconds a client should wait before trying again (HTTP Retry-After). */
  readonly retryAfterSeconds: number;

  constructor(message = 'The database is locked by another process; nothing was saved. Try again shortly.', retryAfterSeconds = 2) {
    super(message);
    this.name = 'DatabaseBusyError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** True for our own DatabaseBusyError and for SQLite's SQLITE_BUSY / SQLITE_LOCKED (and their extended codes). */
export function isDatabaseBusy(err: unknown): boolean {
  if (err instanceof DatabaseBusyError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Waits between attempts while the lock is held: soon at first, then every RETRY_CAP_MS at most,
 *  so work resumes within a fraction of a second of the lock going. Each attempt costs microseconds. */
export const RETRY_FIRST_MS = 10;
export const RETRY_CAP_MS = 100;
export const nextRetryMs = (previousMs: number, capMs = RETRY_CAP_MS) => Math.min(capMs, Math.max(RETRY_FIRST_MS, previousMs * 2));

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a write (or an async step that ends in one), retrying it asynchronously while the database is locked, until it
 * succeeds or `giveUp()` says stop (then the busy error is thrown). Other errors are thrown at once.
 * `capMs` spaces out attempts that cost more than a write (one that also calls Slack).
 */
export async function retryWhileBusy<T>(write: () => T | Promise<T>, giveUp: () => boolean = () => false, capMs = RETRY_CAP_MS): Promise<T> {
  for (let wait = 0; ; ) {
    try {
      return await write();
    } catch (err) {
      if (!isDatabaseBusy(err) || giveUp()) throw err;
    }
    wait = nextRetryMs(wait, capMs);
    await sleep(wait);
  }
}

/**
 * Knows whether another process holds the write lock, without waiting for it: for /healthz.
 * `check()` tries to take the lock and gives it back at once (microseconds, no data touched).
 */
export class WriteLockWatch {
  private heldSince: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  check(): { held: false } | { held: true; forMs: number } {
    // Inside our own transaction the lock is ours (never the case between requests: ours are synchronous).
    // PostgreSQL: writers queue for the advisory writer lock briefly (lock_timeout), no file lock to watch.
    if (this.db.inTransaction || this.db.engine !== 'sqlite') return { held: false };
    try {
      this.db.exec('BEGIN IMMEDIATE');
      this.db.exec('ROLLBACK');
      this.heldSince = null;
      return { held: false };
    } catch (err) {
      if (!isDatabaseBusy(err)) throw err;
      this.heldSince ??= this.now();
      return { held: true, forMs: this.now() - this.heldSince };
    }
  }
}
