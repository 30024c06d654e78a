// Bearer-token check for the incident API, in constant time.
import type { RequestHandler } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function requireBearerToken(getToken: () => string): RequestHandler {
  let expected = { token: '', digest: digest('') };
  return (req, res, next) => {
    const token = getToken();
    if (token !== expected.token) expected = { token, digest: digest(token) };
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    // Hashing both sides gives equal lengths, so the comparison itself leaks nothing.
    if (!match || !timingSafeEqual(digest(match[1]!), expected.digest)) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer realm="opsknight-slack"')
        .json({ error: 'unauthorized', message: 'Send the API token as "Authorization: Bearer <token>".' });
      return;
    }
    next();
  };
}
