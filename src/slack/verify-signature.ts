// Verifies that a request came from Slack (v0 HMAC-SHA256 over the raw body, timestamp within
// five minutes, constant-time compare). Pure: the clock and the secrets are arguments.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const MAX_REQUEST_AGE_SECONDS = 60 * 5;

export type VerifyFailure =
  | 'no_secret_configured'
  | 'missing_headers'
  | 'bad_timestamp'
  | 'stale_timestamp'
  | 'unknown_version'
  | 'signature_mismatch';

export type VerifyResult = { ok: true; secretIndex: number } | { ok: false; reason: VerifyFailure };

export interface SlackRequestToVerify {
  /** X-Slack-Signature, e.g. "v0=a2114d…". */
  signature: string | undefined;
  /** X-Slack-Request-Timestamp, in seconds. */
  timestamp: string | undefined;
  rawBody: Buffer | string;
}

export function computeSignature(secret: string, timestamp: string, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/** Everything that can be checked before the body arrives: a secret to check against, both headers,
 *  a timestamp within five minutes, a signature version we know. Null when the request may go on
 *  to the signature check; the failure otherwise. */
export function verifySlackHeaders(req: Omit<SlackRequestToVerify, 'rawBody'>, secrets: readonly string[], nowSeconds: number): { ok: false; reason: VerifyFailure } | null {
  if (!secrets.some((s) => s.trim() !== '')) return { ok: false, reason: 'no_secret_configured' };
  if (!req.signature || !req.timestamp) return { ok: false, reason: 'missing_headers' };
  if (!/^\d+$/.test(req.timestamp)) return { ok: false, reason: 'bad_timestamp' };
  if (Math.abs(nowSeconds - Number(req.timestamp)) > MAX_REQUEST_AGE_SECONDS) return { ok: false, reason: 'stale_timestamp' };
  if (!req.signature.startsWith('v0=')) return { ok: false, reason: 'unknown_version' };
  return null;
}

/** Checks a request against each configured signing secret (an app may be mid-rotation, or two apps
 *  may point here). No secret configured means every request is refused: fail closed. */
export function verifySlackRequest(req: SlackRequestToVerify, secrets: readonly string[], nowSeconds: number): VerifyResult {
  const headers = verifySlackHeaders(req, secrets, nowSeconds);
  if (headers) return headers;
  const usable = secrets.filter((s) => s.trim() !== '');
  const given = Buffer.from(req.signature!, 'utf8');
  for (const [i, secret] of usable.entries()) {
    const expected = Buffer.from(computeSignature(secret, req.timestamp!, req.rawBody), 'utf8');
    if (expected.length === given.length && timingSafeEqual(expected, given)) return { ok: true, secretIndex: i };
  }
  return { ok: false, reason: 'signature_mismatch' };
}
