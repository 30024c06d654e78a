// One implementation per endpoint: an Endpoint is transport-free (headers and body in, answer out),
// and serveEndpoints is the one thin adapter that serves a table of them on Node's request and
// response objects — ahead of Express in the daemon, as Express middleware when the app is used on
// its own. Reading the body (class limit, pre-authentication budget), wording errors (the class's
// shape) and the metrics label all happen here, once.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.js';
import { ENDPOINT_CLASSES, type EndpointClass } from './endpoint-classes.js';
import { answerForError } from './error-handler.js';
import { observeResponse, pathOf, queryOf, sendJson, type NodeEndpoint, type ObserveRequest } from './node-response.js';
import type { ByteBudget } from './preauth-budget.js';
import { readBody } from './read-body.js';

/** What an endpoint sees before the body: enough to refuse a request without reading it. */
export interface RequestHead {
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
  /** The peer's address, for logs. */
  remoteAddress?: string;
}

export interface EndpointAnswer {
  status: number;
  /** JSON; none for an empty answer. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Work to do once the answer has gone (Slack's private replies). */
  after?: () => Promise<void>;
}

export interface Endpoint<Body = unknown> {
  /** The path it answers POSTs on (case, a trailing slash and a query string are ignored). */
  path: string;
  /** Its label in the HTTP metrics. */
  route: string;
  class: EndpointClass;
  /** Looks at the headers before a byte of the body is read; an answer refuses the request. */
  admit?: (head: RequestHead) => EndpointAnswer | null;
  /** True when the sender is only known once the body is read (Slack's signature covers it, a
   *  PagerDuty event carries its routing key): the body then counts against the shared budget. */
  unauthenticatedBody: boolean;
  /** Bytes to what handle takes; throws (BodyError, ZodError…) for a body it cannot take. */
  parse: (raw: Buffer, head: RequestHead) => Body;
  handle: (body: Body, head: RequestHead) => Promise<EndpointAnswer>;
}

/** Erases an endpoint's body type, to put it in a table. */
export const endpoint = <Body>(e: Endpoint<Body>): Endpoint => e as unknown as Endpoint;

export interface ServeOptions {
  logger: Logger;
  /** Bytes of unauthenticated bodies in flight, across all connections. */
  preAuthBudget: ByteBudget;
  observe?: ObserveRequest;
}

function send(res: ServerResponse, answer: EndpointAnswer): void {
  sendJson(res, answer.status, answer.body, answer.headers);
}

async function serve(e: Endpoint, req: IncomingMessage, res: ServerResponse, options: ServeOptions): Promise<void> {
  const head: RequestHead = {
    headers: req.headers,
    query: queryOf(req.url),
    // Looked up only when logged (it asks the kernel).
    get remoteAddress() {
      return req.socket.remoteAddress;
    },
  };
  const refusal = e.admit?.(head);
  if (refusal) return send(res, refusal);
  const hold = e.unauthenticatedBody ? options.preAuthBudget.hold() : undefined;
  // Given back once answered, or when the client goes away, whichever comes first.
  if (hold) res.once('close', hold.release);
  const raw = await readBody(req, res, { limitBytes: ENDPOINT_CLASSES[e.class].limitBytes, hold });
  const answer = await e.handle(e.parse(raw, head), head);
  send(res, answer);
  hold?.release();
  await answer.after?.();
}

/** Answers POSTs to the table's paths; anything else it leaves alone (returns false). */
export function serveEndpoints(endpoints: Endpoint[], options: ServeOptions): NodeEndpoint {
  const byPath = new Map(endpoints.map((e) => [e.path.toLowerCase(), e]));
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const e = byPath.get(pathOf(req.url).toLowerCase());
    if (!e) return false;
    observeResponse(res, 'POST', e.route, options.observe);
    serve(e, req, res, options).catch((err: unknown) => send(res, answerForError(err, e.class, options.logger, { method: 'POST', path: e.route })));
    return true;
  };
}
