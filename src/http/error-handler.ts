// Turns every failure into a clear JSON answer; a stack trace never leaves the process.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { DomainError } from '../domain/errors.js';
import type { Logger } from '../observability/logger.js';
import { DatabaseBusyError, isDatabaseBusy } from '../store/busy.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown> = {},
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

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}.` });
};

export interface ErrorAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** The answer for a failure we can explain; null for one we cannot (a bug: 500, logged). */
export function errorAnswer(err: unknown): ErrorAnswer | null {
  if (err instanceof HttpError) return { status: err.status, body: { error: err.body.error ?? 'error', message: err.message, ...err.body } };
  if (err instanceof ZodError) {
    const { message, fields } = describeZodError(err);
    return { status: 400, body: { error: 'invalid_request', message, fields } };
  }
  if (err instanceof DomainError) return { status: DOMAIN_STATUS[err.code], body: { error: err.code, message: err.message, ...err.details } };
  // Another process holds the write lock: nothing was saved, and the client's retry will succeed.
  if (isDatabaseBusy(err)) {
    const busy = err instanceof DatabaseBusyError ? err : new DatabaseBusyError();
    return { status: 503, headers: { 'Retry-After': String(busy.retryAfterSeconds) }, body: { error: 'database_busy', message: busy.message } };
  }
  // body-parser errors (and ours, in the same shape) carry a status and a type.
  const bodyError = err as { status?: number; type?: string; message?: string };
  if (bodyError.type === 'entity.too.large') return { status: 413, body: { error: 'payload_too_large', message: 'The request body is larger than 1 MiB.' } };
  if (bodyError.type === 'entity.parse.failed') return { status: 400, body: { error: 'invalid_json', message: 'The request body is not valid JSON.' } };
  if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
    return { status: bodyError.status, body: { error: bodyError.type ?? 'bad_request', message: bodyError.message } };
  }
  return null;
}

export const INTERNAL_ERROR: ErrorAnswer = { status: 500, body: { error: 'internal_error', message: 'Something went wrong; the daemon log has the details.' } };

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) return;
    const answer = errorAnswer(err);
    if (!answer) logger.error({ err, method: req.method, path: req.path }, 'request failed');
    const { status, body, headers = {} } = answer ?? INTERNAL_ERROR;
    res.status(status).set(headers).json(body);
  };
}
