// Bearer-token check for the incident API, in constant time.
import type { RequestHandler } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

export const UNAUTHORIZED = {
  status: 401,
  headers: { 'WWW-Authenticate': 'Bearer realm="opsknight-slack"' },
  body: { error: 'unauthorized', message: 'Send the API token as "Authorization: Bearer <token>".' },
} as const;

/** Checks an Authorization header against the current token (read on each call: it can change). */
export function bearerCheck(getToken: () => string): (header: string | undefined) => boolean {
  let expected = { token: '', digest: digest('') };
  return (header) => {
    const token = getToken();
    if (token !== expected.token) expected = { token, digest: digest(token) };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    // Hashing both sides gives equal lengths, so the comparison itself leaks nothing.
    return Boolean(match && timingSafeEqual(digest(match[1]!), expected.digest));
  };
}

export function requireBearerToken(getToken: () => string): RequestHandler {
  const check = bearerCheck(getToken);
  return (req, res, next) => {
    if (!check(req.get('authorization'))) {
      res.status(UNAUTHORIZED.status).set(UNAUTHORIZED.headers).json(UNAUTHORIZED.body);
      return;
    }
    next();
  };
}
