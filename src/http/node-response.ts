// Answers on Node's own request and response objects (Express's extend them), for every endpoint.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An endpoint served ahead of Express: answers the request and returns true if it is its own,
 *  returns false (touching nothing) otherwise. */
export type NodeEndpoint = (req: IncomingMessage, res: ServerResponse) => boolean;

/** A refused body smaller than this is read and dropped, so the connection stays open for the
 *  next request; a larger (or unknown-length) one closes the connection instead of reading it. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

/** True when answering now would leave more than a small body unread on the connection. */
export function largeBodyPending(req: IncomingMessage): boolean {
  if (req.complete) return false;
  if (req.headers['transfer-encoding']) return true;
  return Number(req.headers['content-length'] ?? 0) > DRAIN_LIMIT_BYTES;
}

/** JSON (or an empty body when body is undefined), with its length; does nothing once headers went.
 *  An answer that leaves a large body unread closes the connection (Node drops the rest). */
export function sendJson(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const close = largeBodyPending(res.req) ? { connection: 'close' } : {};
  if (body === undefined) {
    res.writeHead(status, { ...headers, ...close, 'content-length': '0' });
    res.end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { ...headers, ...close, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

/** Told of every answered request, for the HTTP metrics. */
export type ObserveRequest = (method: string, route: string, status: number, seconds: number) => void;

/** Calls observe once the response has gone. */
export function observeResponse(res: ServerResponse, method: string, route: string, observe: ObserveRequest | undefined): void {
  if (!observe) return;
  const started = process.hrtime.bigint();
  res.once('finish', () => observe(method, route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9));
}

/** The path of a request URL, without the query and a trailing slash. */
export function pathOf(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** The query string of a request URL, parsed. */
export function queryOf(url: string | undefined): URLSearchParams {
  const q = url?.indexOf('?') ?? -1;
  return new URLSearchParams(q < 0 ? '' : url!.slice(q + 1));
}
