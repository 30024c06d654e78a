// The Express routes read their JSON bodies with the same reader and parser as the endpoint table
// (src/http/endpoint.ts): one body limit per endpoint class, one set of refusals.
import type { RequestHandler } from 'express';
import { parseJsonBody } from './body-parse.js';
import { ENDPOINT_CLASSES, type EndpointClass } from './endpoint-classes.js';
import { readBody } from './read-body.js';

const hasBody = (headers: Record<string, unknown>) => headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;

/** Parses a JSON body into req.body ({} when there is none); errors are worded for the class.
 *  Mount it after authentication: these bodies are read from a known sender. */
export function jsonBody(endpointClass: EndpointClass): RequestHandler {
  const { limitBytes } = ENDPOINT_CLASSES[endpointClass];
  return (req, res, next) => {
    res.locals.endpointClass = endpointClass;
    if (!hasBody(req.headers)) {
      req.body = {};
      return next();
    }
    readBody(req, res, { limitBytes })
      .then((raw) => parseJsonBody(raw, req.headers['content-type']))
      .then((body: unknown) => {
        req.body = body;
        next();
      }, next);
  };
}
