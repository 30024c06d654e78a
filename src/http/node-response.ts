// Answers on Node's own response object, for the endpoints served ahead of Express.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An endpoint served ahead of Express: answers the request and returns true if it is its own,
 *  returns false (touching nothing) otherwise. */
export type NodeEndpoint = (req: IncomingMessage, res: ServerResponse) => boolean;

/** JSON (or an empty body when body is undefined), with its length; does nothing once headers went. */
export function sendJson(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status, { ...headers, 'content-length': '0' });
    res.end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
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
