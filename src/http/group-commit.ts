// Group commit for write requests: requests that arrive together are written in one SQLite
// transaction (each in its own savepoint) and answered once it is committed. Under load this
// turns one commit per request into one per event-loop turn; alone, a request waits one turn.
import type { IncidentService } from '../domain/incident-service.js';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

export type Commit = <T>(work: () => T) => Promise<T>;

export function createGroupCommit(incidents: IncidentService, maxBatch = 128): Commit {
  const queue: Pending[] = [];
  const flush = () => {
    const batch = queue.splice(0, maxBatch);
    if (queue.length) setImmediate(flush);
    let results: PromiseSettledResult<unknown>[];
    try {
      results = incidents.atomicallyEach(batch.map((p) => p.work));
    } catch (err) {
      // The commit itself failed (disk full, I/O error): nothing was written, every request hears so.
      for (const p of batch) p.reject(err);
      return;
    }
    results.forEach((r, i) => (r.status === 'fulfilled' ? batch[i]!.resolve(r.value) : batch[i]!.reject(r.reason)));
  };
  return <T>(work: () => T) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (queue.length === 1) setImmediate(flush);
    });
}
