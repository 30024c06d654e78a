// Moves WAL checkpointing off the request path. A checkpoint fsyncs, and done inline it stalls
// whichever request's commit crosses SQLite's threshold. Once the daemon sees real write load (the
// WAL file grows past a threshold), a worker thread checkpoints every half second on its own
// connection and the daemon's connection stops checkpointing inline. An idle daemon never pays for
// the worker. If the worker cannot run, SQLite's automatic checkpoints stay on, so the WAL never
// grows without bound.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isDatabaseBusy } from './busy.js';
import type { SqliteDb } from './engine.js';

const WORKER = fileURLToPath(new URL('./checkpoint-worker.js', import.meta.url));
const DEFAULT_AUTOCHECKPOINT = 1000;

export interface Checkpointer {
  /** True once the worker has taken over. */
  readonly active: boolean;
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  intervalMs?: number;
  /** Start the worker once the WAL file is larger than this many bytes (0: at once). */
  startAtWalBytes?: number;
  pollMs?: number;
}

export function startCheckpointer(db: SqliteDb, onError: (message: string) => void, options: CheckpointerOptions = {}): Checkpointer {
  const { intervalMs = 500, startAtWalBytes = 1 << 20, pollMs = 1000 } = options;
  let worker: Worker | null = null;
  let stopped = false;
  const usable = db.name !== ':memory:' && existsSync(WORKER);

  const fallBack = (why: string) => {
    worker = null;
    if (stopped) return;
    onError(`WAL checkpoint worker stopped (${why}); checkpointing inline again`);
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
  };
  const launch = () => {
    const w = new Worker(WORKER, { workerData: { file: db.name, intervalMs } });
    w.on('message', (m: { error?: string }) => m.error && onError(`WAL checkpoint failed: ${m.error}`));
    w.on('error', (err) => fallBack(err.message));
    w.on('exit', (code) => worker === w && fallBack(`exit code ${code}`));
    w.unref();
    worker = w;
    db.pragma('wal_autocheckpoint = 0');
  };
  const walBytes = () => {
    try {
      return statSync(`${db.name}-wal`).size;
    } catch {
      return 0;
    }
  };

  let poll: NodeJS.Timeout | null = null;
  if (usable) {
    if (startAtWalBytes <= 0) launch();
    else {
      poll = setInterval(() => {
        if (walBytes() > startAtWalBytes) {
          clearInterval(poll!);
          poll = null;
          launch();
        }
      }, pollMs).unref();
    }
  }

  return {
    get active() {
      return worker !== null;
    },
    async stop() {
      stopped = true;
      if (poll) clearInterval(poll);
      const w = worker;
      worker = null;
      if (w) {
        await new Promise<void>((resolve) => {
          w.once('exit', () => resolve());
          w.postMessage('stop');
          setTimeout(() => void w.terminate(), 2000).unref();
        });
      }
      if (db.open) {
        db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
        try {
          db.pragma('wal_checkpoint(TRUNCATE)');
        } catch (err) {
          // Another process holds a lock: the WAL is checkpointed another time; nothing is lost.
          if (!isDatabaseBusy(err)) throw err;
        }
      }
    },
  };
}
