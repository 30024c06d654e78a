// The synchronous bridge to PostgreSQL. The store's port is synchronous (better-sqlite3 blocks on
// disk and fsync; every caller relies on it), so the main thread posts a batch of statements to a
// worker thread that owns a `pg` Client, and blocks with Atomics.wait until the worker answers
// (receiveMessageOnPort). Every wait is bounded: a connect timeout and statement_timeout in the
// worker, and a wait timeout here; a worker that does not answer in time is replaced. A lost
// connection fails fast with StoreUnavailableError and the next call connects again.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { DatabaseBusyError } from './busy.js';
import type { BridgeOp, BridgeReply, BridgeRequest, BridgeResult } from './pg-worker.js';

export type { BridgeOp, BridgeResult } from './pg-worker.js';

/** The worker runs compiled JavaScript: beside this module in dist/, or (this module running from
 *  src/ under vitest) the build's copy. */
function workerFile(): string {
  const here = fileURLToPath(new URL('./pg-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  const built = fileURLToPath(new URL('../../dist/store/pg-worker.js', import.meta.url));
  if (existsSync(built)) return built;
  throw new Error(`The PostgreSQL bridge worker is missing (${here}); run npm run build.`);
}

/** The database cannot be reached (down, failing over, network): nothing was saved; try again
 *  shortly. A kind of busy: intake answers 503 with Retry-After, clicks are held, health is degraded. */
export class StoreUnavailableError extends DatabaseBusyError {
  constructor(detail: string) {
    super(`The database is unavailable (${detail}); nothing was saved. Try again shortly.`, 5);
    this.name = 'StoreUnavailableError';
  }
}

/** An error PostgreSQL answered (with its SQLSTATE as `code`). */
export class PostgresError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'PostgresError';
  }
}

export interface BridgeOptions {
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** How long a write waits for the writer lock (another daemon's transaction) before it is busy. */
  lockTimeoutMs?: number;
}

export class SyncBridge {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly connectTimeoutMs: number;
  private readonly statementTimeoutMs: number;
  private readonly lockTimeoutMs: number;

  constructor(
    private readonly connectionString: string,
    options: BridgeOptions = {},
  ) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
  }

  /** Runs the statements in order on the one connection; throws at the first that fails. */
  /** The connection the last successful call ran on (see BridgeRequest.session). */
  session: number | undefined;

  run(ops: BridgeOp[], options: { atomic?: boolean; session?: number } = {}): BridgeResult[] {
    const reply = this.send({ ops, ...options });
    if (reply.ok) {
      this.session = reply.session;
      return reply.results;
    }
    if (reply.error.unavailable) throw new StoreUnavailableError(reply.error.message);
    // Lock wait over (55P03), or a read transaction's old snapshot met a newer write (40001) or a
    // deadlock (40P01): nothing was saved, and trying again works, as with SQLite's busy.
    if (reply.error.code === '55P03' || reply.error.code === '40001' || reply.error.code === '40P01') {
      throw new DatabaseBusyError('Another opsknight-slack was writing to the database; nothing was saved. Try again shortly.');
    }
    throw new PostgresError(reply.error.message, reply.error.code);
  }

  close(): void {
    if (!this.worker) return;
    try {
      this.send({ ops: [], close: true }, 2000);
    } catch {
      // closing anyway
    }
    this.stop();
  }

  private send(request: BridgeRequest, waitMs = this.connectTimeoutMs + this.statementTimeoutMs + 2000): BridgeReply {
    const port = this.ensureWorker();
    Atomics.store(this.flag, 0, 0);
    port.postMessage(request);
    const outcome = Atomics.wait(this.flag, 0, 0, waitMs);
    const message = receiveMessageOnPort(port);
    if (outcome === 'timed-out' && !message) {
      this.stop(); // the worker is stuck: a fresh one (and connection) serves the next call
      throw new StoreUnavailableError(`no answer within ${Math.round(waitMs / 1000)} s`);
    }
    if (!message) {
      this.stop();
      throw new StoreUnavailableError('the bridge worker stopped');
    }
    return message.message as BridgeReply;
  }

  private ensureWorker(): MessagePort {
    if (this.worker && this.port) return this.port;
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(workerFile(), {
      workerData: {
        port: port2,
        flag: this.flag,
        connectionString: this.connectionString,
        connectTimeoutMs: this.connectTimeoutMs,
        statementTimeoutMs: this.statementTimeoutMs,
        lockTimeoutMs: this.lockTimeoutMs,
      },
      transferList: [port2],
    });
    worker.on('error', () => {
      if (this.worker === worker) this.stop();
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.stop();
    });
    worker.unref();
    port1.unref();
    this.worker = worker;
    this.port = port1;
    return port1;
  }

  private stop(): void {
    const w = this.worker;
    this.port?.close();
    this.worker = null;
    this.port = null;
    if (w) void w.terminate();
  }
}
