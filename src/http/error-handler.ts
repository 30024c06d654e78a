// The one error mapping: every failure becomes a Problem (status, code, message), and the endpoint's
// class words it (our JSON, or PagerDuty's). A stack trace never leaves the process.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import { DomainError } from '../domain/errors.js';
import type { Logger } from '../observability/logger.js';
import { asBusyError, DatabaseReadOnlyError, isDatabaseBusy } from '../store/busy.js';
import { ENDPOINT_CLASSES, type EndpointClass, type ErrorShape } from './endpoint-classes.js';
import { largeBodyPending } from './node-response.js';
import { pagerDutyError } from './pagerduty-errors.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const DOMAIN_STATUS: Record<DomainError['code'], number> = {
  not_found: 404,
  invalid_transition: 409,
  validation: 400,
  conflict: 409,
  unknown_service: 422,
  inactive_user: 403,
};

/** "title: Required; urgency: Invalid option…" — every bad field named. */
export function describeZodError(err: ZodError): { message: string; fields: { field: string; message: string }[] } {
  const fields = err.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
  return { message: fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields };
}

export interface ErrorAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** A failure we can explain, before it is worded for an endpoint class. */
interface Problem {
  status: number;
  code: string;
  message: string;
  /** More fields for our JSON shape (`fields`, `known_services`…). */
  details?: Record<string, unknown>;
  /** One line per problem, for PagerDuty's `errors`. */
  errors?: string[];
  headers?: Record<string, string>;
}

function problemOf(err: unknown): Problem | null {
  if (err instanceof HttpError) {
    return { status: err.status, code: String(err.body.error ?? 'error'), message: err.message, details: err.body, headers: err.headers };
  }
  if (err instanceof ZodError) {
    const { message, fields } = describeZodError(err);
    return { status: 400, code: 'invalid_request', message, details: { fields }, errors: fields.map((f) => `'${f.field}': ${f.message}`) };
  }
  if (err instanceof DomainError) return { status: DOMAIN_STATUS[err.code], code: err.code, message: err.message, details: err.details };
  // Another process holds the write lock: nothing was saved, and the client's retry will succeed.
  if (isDatabaseBusy(err)) {
    const busy = asBusyError(err);
    const code = busy instanceof DatabaseReadOnlyError ? 'database_read_only' : 'database_busy';
    return { status: 503, code, message: busy.message, headers: { 'Retry-After': String(busy.retryAfterSeconds) } };
  }
  // Request-body errors (src/http/read-body.ts) and Express's own (a path that will not decode)
  // carry a status and a type.
  const e = err as { status?: number; type?: string; message?: string; code?: string; headers?: Record<string, string> };
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 600 && (e.type || e.status < 500)) {
    return { status: e.status, code: e.code ?? e.type ?? 'bad_request', message: e.message ?? 'Bad request.', headers: e.headers };
  }
  return null;
}

const SHAPES: Record<ErrorShape, (p: Problem) => ErrorAnswer> = {
  api: (p) => ({ status: p.status, headers: p.headers, body: { error: p.code, message: p.message, ...p.details } }),
  pagerduty: (p) => ({ ...pagerDutyError(p.status, p.message, p.errors ?? [p.message]), headers: p.headers }),
};

/** The answer for a failure we can explain, worded for the endpoint's class; null for one we cannot
 *  (a bug: 500, logged). */
export function errorAnswer(err: unknown, endpointClass: EndpointClass = 'api'): ErrorAnswer | null {
  const problem = problemOf(err);
  return problem && SHAPES[ENDPOINT_CLASSES[endpointClass].errors](problem);
}

export const INTERNAL_ERROR_MESSAGE = 'Something went wrong; the daemon log has the details.';

export function internalError(endpointClass: EndpointClass = 'api'): ErrorAnswer {
  return SHAPES[ENDPOINT_CLASSES[endpointClass].errors]({ status: 500, code: 'internal_error', message: INTERNAL_ERROR_MESSAGE });
}

/** Explains a failure, or logs it and answers 500. */
export function answerForError(err: unknown, endpointClass: EndpointClass, logger: Logger, where: { method: string; path: string }): ErrorAnswer {
  const answer = errorAnswer(err, endpointClass);
  if (answer) return answer;
  logger.error({ err, ...where }, 'request failed');
  return internalError(endpointClass);
}

/** The class of the endpoint an Express request reached (set by the body reader), for wording errors. */
export const endpointClassOf = (res: Response): EndpointClass => (res.locals.endpointClass as EndpointClass | undefined) ?? 'api';

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}.` });
};

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) return;
    const { status, body, headers } = answerForError(err, endpointClassOf(res), logger, { method: req.method, path: req.path });
    // A refusal before the body was read: do not read the rest of a large body.
    if (largeBodyPending(req)) res.set('connection', 'close');
    res.status(status).set(headers ?? {}).json(body);
  };
}
