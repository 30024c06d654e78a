// The intake endpoints (POST /api/incidents, POST /v2/enqueue) in their common form — a JSON body,
// not compressed — served on Node's own http ahead of Express: they are what an alert storm hits,
// and Express's per-request set-up costs about as much as opening the incident. The answers are
// the Express routes' (same handler, same errors, same JSON); anything unusual (another content
// type, a compressed body) is left to the Express route.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.js';
import { UNAUTHORIZED } from './auth.js';
import { errorAnswer, INTERNAL_ERROR } from './error-handler.js';
import { observeResponse, pathOf, sendJson, type NodeEndpoint, type ObserveRequest } from './node-response.js';
import { BodyError, readRawBody } from './raw-body.js';

const MAX_BODY_BYTES = 1024 * 1024;

export type JsonAnswer = { status: number; body: Record<string, unknown> };

export interface JsonEndpointDeps {
  /** The path it answers POSTs on (a trailing slash and a query string are ignored). */
  path: string;
  /** The route label the Express route has, so the metrics stay one series. */
  route: string;
  /** Checks the Authorization header; absent for endpoints that authenticate by their body. */
  authorized?: (authorizationHeader: string | undefined) => boolean;
  /** The Express route's own handler: takes the parsed body, throws what the error handler explains. */
  handle: (body: unknown) => Promise<JsonAnswer>;
  logger: Logger;
}

function isPlainJsonPost(req: IncomingMessage, path: string): boolean {
  if (req.method !== 'POST' || pathOf(req.url) !== path) return false;
  if (req.headers['content-encoding']) return false;
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json';
}

/** Like express.json (strict): only an object or an array is a JSON body. */
function parseJsonBody(raw: string): unknown {
  const first = raw.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      return JSON.parse(raw);
    } catch {
      /* answered below */
    }
  }
  throw new BodyError(400, 'entity.parse.failed', 'The request body is not valid JSON.');
}

/** Answers plain JSON POSTs to its path; anything else it leaves alone (returns false). */
export function jsonEndpoint(deps: JsonEndpointDeps, observe?: ObserveRequest): NodeEndpoint {
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    if (deps.authorized && !deps.authorized(req.headers.authorization)) {
      req.resume();
      return sendJson(res, UNAUTHORIZED.status, UNAUTHORIZED.body, UNAUTHORIZED.headers);
    }
    const parsed = parseJsonBody((await readRawBody(req, MAX_BODY_BYTES)).toString('utf8'));
    const { status, body } = await deps.handle(parsed);
    sendJson(res, status, body);
  };

  return (req, res) => {
    if (!isPlainJsonPost(req, deps.path)) return false;
    observeResponse(res, 'POST', deps.route, observe);
    serve(req, res).catch((err: unknown) => {
      const answer = errorAnswer(err);
      if (!answer) deps.logger.error({ err, method: 'POST', path: deps.route }, 'request failed');
      const { status, body, headers } = answer ?? INTERNAL_ERROR;
      sendJson(res, status, body, headers);
    });
    return true;
  };
}
