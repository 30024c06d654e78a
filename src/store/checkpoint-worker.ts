// Runs WAL checkpoints on its own connection, in a worker thread, so the fsyncs they do never
// stall the daemon's event loop in the middle of a request.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new Database(file);
db.pragma('busy_timeout = 5000');

const timer = setInterval(() => {
  try {
    // PASSIVE never waits for, or blocks, the daemon's writes.
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort?.postMessage({ error: (err as Error).message });
  }
}, intervalMs);

parentPort?.on('message', (msg: unknown) => {
  if (msg === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort?.close();
  }
});
