// POST /api/incidents in its common form (a JSON body, not compressed), served on Node's own http
// ahead of Express: it is the endpoint an alert storm hits, and Express's per-request set-up costs
// about as much as opening the incident. The answers are the Express route's (same validation,
// same errors, same JSON); anything unusual (another content type, a compressed body) is left to
// the Express route.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../observability/logger.js';
import { UNAUTHORIZED } from '../auth.js';
import { errorAnswer, INTERNAL_ERROR } from '../error-handler.js';
import { observeResponse, pathOf, sendJson, type ObserveRequest } from '../node-response.js';
import { BodyError, readRawBody } from '../raw-body.js';

const MAX_BODY_BYTES = 1024 * 1024;
/** The route label the Express route has for it, so the metrics stay one series. */
const ROUTE = '/api/incidents/';

export interface IncidentIntakeDeps {
  create: (body: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;
  authorized: (authorizationHeader: string | undefined) => boolean;
  logger: Logger;
}

/** Handles the request if it is a plain JSON create; returns false (touching nothing) otherwise. */
export type IncidentIntake = (req: IncomingMessage, res: ServerResponse) => boolean;

function isPlainJsonCreate(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || pathOf(req.url) !== '/api/incidents') return false;
  if (req.headers['content-encoding']) return false;
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json';
}

export function incidentIntake(deps: IncidentIntakeDeps, observe?: ObserveRequest): IncidentIntake {
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    if (!deps.authorized(req.headers.authorization)) {
      req.resume();
      return sendJson(res, UNAUTHORIZED.status, UNAUTHORIZED.body, UNAUTHORIZED.headers);
    }
    let parsed: unknown;
    try {
      const raw = (await readRawBody(req, MAX_BODY_BYTES)).toString('utf8');
      // Like express.json (strict): only an object or an array is a JSON body.
      const first = raw.trimStart()[0];
      if (first !== '{' && first !== '[') throw Object.assign(new Error('not JSON'), { type: 'entity.parse.failed' });
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw Object.assign(new Error('not JSON'), { type: 'entity.parse.failed' });
      }
    } catch (err) {
      if (err instanceof BodyError && err.status === 413) throw Object.assign(err, { type: 'entity.too.large' });
      throw err;
    }
    const { status, body } = await deps.create(parsed);
    sendJson(res, status, body);
  };

  return (req, res) => {
    if (!isPlainJsonCreate(req)) return false;
    observeResponse(res, 'POST', ROUTE, observe);
    serve(req, res).catch((err: unknown) => {
      const answer = errorAnswer(err);
      if (!answer) deps.logger.error({ err, method: 'POST', path: ROUTE }, 'request failed');
      const { status, body } = answer ?? INTERNAL_ERROR;
      sendJson(res, status, body);
    });
    return true;
  };
}
