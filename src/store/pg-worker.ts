// The PostgreSQL side of the synchronous bridge (pg-bridge.ts): this worker thread owns one `pg`
// Client. The main thread posts a batch of statements and blocks on a shared flag; the worker runs
// them in order, posts the answer on the port and wakes it. A lost connection is dropped and opened
// again on the next batch (after a failover the daemon carries on).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import pg from 'pg';

export interface BridgeOp {
  sql: string;
  params?: unknown[];
}
export interface BridgeRequest {
  ops: BridgeOp[];
  /** Close the connection and stop answering. */
  close?: boolean;
  /** The ops are a whole transaction (BEGIN … COMMIT): on a failure, roll it back here. */
  atomic?: boolean;
  /** The ops continue a transaction begun on this connection: if it was lost meanwhile they must
   *  fail (not run on a new connection, outside the transaction). */
  session?: number;
}
export interface BridgeResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}
export type BridgeReply = { ok: true; results: BridgeResult[]; session: number } | { ok: false; error: { message: string; code?: string; unavailable: boolean } };

interface WorkerData {
  port: MessagePort;
  flag: Int32Array;
  connectionString: string;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
}

// Numbers come back as JS numbers, as they do from SQLite: BIGINT (ids, millisecond times, counts),
// NUMERIC (sums) and booleans (comparisons answer 1/0, as SQLite's do).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.BOOL, (v) => (v === 't' ? 1 : 0));

const data = workerData as WorkerData;
let client: pg.Client | null = null;
/** Which connection this is: a new one after each reconnect. */
let session = 0;

/** Errors that mean the connection (or the server) is gone, not that the SQL was wrong. */
function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^(08|57P0[1-3])/.test(code)) return true; // connection exceptions, admin/crash shutdown, cannot connect now
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|EAI_AGAIN)$/.test(code)) return true;
  }
  const message = (err as Error).message ?? '';
  return /Connection terminated|Client has encountered a connection error|connection timeout|timeout expired|Query read timeout|not queryable/i.test(message);
}

async function connected(): Promise<pg.Client> {
  if (client) return client;
  const c = new pg.Client({
    connectionString: data.connectionString,
    connectionTimeoutMillis: data.connectTimeoutMs,
    statement_timeout: data.statementTimeoutMs,
    // A server that died without closing the connection answers nothing: give up on our side too.
    query_timeout: data.statementTimeoutMs + 1000,
    keepAlive: true,
    lock_timeout: data.lockTimeoutMs,
    application_name: 'opsknight-slack',
  });
  c.on('error', () => {
    if (client === c) client = null; // the server went away between batches: reconnect on the next one
  });
  try {
    await c.connect();
  } catch (err) {
    void c.end().catch(() => undefined);
    throw err;
  }
  client = c;
  session++;
  return c;
}

async function run(request: BridgeRequest): Promise<BridgeReply> {
  try {
    if (request.close) {
      const c = client;
      client = null;
      await c?.end();
      return { ok: true, results: [], session };
    }
    if (request.session !== undefined && (!client || request.session !== session)) {
      return { ok: false, error: { message: 'the connection was lost during a transaction', unavailable: true } };
    }
    const c = await connected();
    const results: BridgeResult[] = [];
    for (const op of request.ops) {
      const r = op.params && op.params.length ? await c.query(op.sql, op.params) : await c.query(op.sql);
      // A multi-statement exec answers with one result per statement; the last one counts.
      const last = Array.isArray(r) ? (r[r.length - 1] as pg.QueryResult) : r;
      results.push({ rows: (last?.rows ?? []) as Record<string, unknown>[], rowCount: last?.rowCount ?? 0 });
    }
    return { ok: true, results, session };
  } catch (err) {
    const unavailable = isUnavailable(err);
    if (request.atomic && !unavailable) await client?.query('ROLLBACK').catch(() => undefined);
    if (unavailable && client) {
      const c = client;
      client = null;
      void c.end().catch(() => undefined);
    }
    const e = err as Error & { code?: string };
    return { ok: false, error: { message: e.message || String(err), code: typeof e.code === 'string' ? e.code : undefined, unavailable } };
  }
}

// The main thread sends one request at a time and waits for its answer, so requests never overlap.
data.port.on('message', (request: BridgeRequest) => {
  void run(request).then((reply) => {
    data.port.postMessage(reply);
    Atomics.store(data.flag, 0, 1);
    Atomics.notify(data.flag, 0);
    if (request.close) data.port.close();
  });
});
parentPort?.unref();
