// Group commit for the daemon's writes (API and intake requests, Slack clicks): writes that arrive
// together are written in one SQLite transaction (each in its own savepoint) and answered once it
// is committed. It lives with the store: HTTP and the Slack handlers share the one the daemon builds. Under load this
// turns one commit per request into one per event-loop turn; alone, a request waits one turn.
//
// When another process holds the write lock, the batch is not written (the daemon's connection
// never waits for the lock on the event loop) and is tried again a little later, for as long as
// each request's patience lasts; then that request fails with DatabaseBusyError (HTTP 503 with
// Retry-After). Nothing of a failed attempt was written, so trying again is safe.
import type { IncidentService } from '../domain/incident-service.js';
import { DatabaseBusyError, DatabaseReadOnlyError, isDatabaseBusy, nextRetryMs } from '../store/busy.js';

/** How long a request made by a program (intake, the API) waits for a locked database before it is
 *  answered 503: long enough to ride out a CLI write, short enough that the caller's own retry
 *  (Alertmanager and PagerDuty clients retry on 5xx) takes over for a long lock. */
export const DEFAULT_PATIENCE_MS = 1000;

export interface CommitOptions {
  /** How long to keep trying while the database is locked (default DEFAULT_PATIENCE_MS). */
  patienceMs?: number;
  /** Called once, when a first attempt found the database locked (to tell a person "saving…"). */
  onDelay?: () => void;
}

export type Commit = <T>(work: () => T, options?: CommitOptions) => Promise<T>;

export interface GroupCommit extends Commit {
  /** Writes waiting for a locked database (for /healthz). */
  waiting(): number;
}

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  since: number;
  patienceMs: number;
  onDelay?: () => void;
  delayed: boolean;
}

export interface GroupCommitOptions {
  maxBatch?: number;
  now?: () => number;
  /** False while the database takes no writes (a standby): requests are refused at once, with DatabaseReadOnlyError. */
  writable?: () => boolean;
}

export function createGroupCommit(incidents: IncidentService, options: GroupCommitOptions = {}): GroupCommit {
  const { maxBatch = 128, now = Date.now, writable = () => true } = options;
  const queue: Pending[] = [];
  let flushPlanned = false;
  let retryMs = 0;
  let locked = false;

  const plan = (delayMs: number) => {
    if (flushPlanned || !queue.length) return;
    flushPlanned = true;
    if (delayMs > 0) setTimeout(flush, delayMs);
    else setImmediate(flush);
  };

  const flush = () => {
    flushPlanned = false;
    const batch = queue.splice(0, maxBatch);
    if (!writable()) {
      // Not a lock that goes in a moment: answered now, so callers retry (intake) or people are told (clicks).
      for (const p of batch) p.reject(new DatabaseReadOnlyError());
      plan(0);
      return;
    }
    let results: PromiseSettledResult<unknown>[];
    try {
      results = incidents.atomicallyEach(batch.map((p) => p.work));
    } catch (err) {
      if (isDatabaseBusy(err)) return waitForLock(batch);
      // The commit itself failed (disk full, I/O error): nothing was written, every request hears so.
      for (const p of batch) p.reject(err);
      plan(0);
      return;
    }
    locked = false;
    retryMs = 0;
    results.forEach((r, i) => (r.status === 'fulfilled' ? batch[i]!.resolve(r.value) : batch[i]!.reject(r.reason)));
    plan(0);
  };

  const waitForLock = (batch: Pending[]) => {
    locked = true;
    queue.unshift(...batch);
    const t = now();
    for (let i = queue.length - 1; i >= 0; i--) {
      const p = queue[i]!;
      if (t - p.since >= p.patienceMs) {
        queue.splice(i, 1);
        p.reject(new DatabaseBusyError());
      } else if (!p.delayed) {
        p.delayed = true;
        p.onDelay?.();
      }
    }
    retryMs = nextRetryMs(retryMs);
    plan(retryMs);
  };

  const commit = (<T>(work: () => T, opts: CommitOptions = {}) =>
    new Promise<T>((resolve, reject) => {
      queue.push({
        work,
        resolve: resolve as (v: unknown) => void,
        reject,
        since: now(),
        patienceMs: opts.patienceMs ?? DEFAULT_PATIENCE_MS,
        onDelay: opts.onDelay,
        delayed: false,
      });
      // While the lock is held, new writes wait for the next planned attempt.
      plan(0);
    })) as GroupCommit;
  commit.waiting = () => (locked ? queue.length : 0);
  return commit;
}
