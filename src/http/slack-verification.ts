// The one place Slack's requests are verified: the headers before the body is read (both present,
// timestamp within five minutes), the signature over the raw body once it has arrived. Every
// outcome passes through record(), which counts and logs refusals (and is where a hook for
// verified/failed requests belongs).
import type { IncomingHttpHeaders } from 'node:http';
import type { Counter } from 'prom-client';
import type { Logger } from '../observability/logger.js';
import { verifySlackHeaders, verifySlackRequest, type VerifyFailure, type VerifyResult } from '../slack/verify-signature.js';

export interface SlackVerificationDeps {
  signingSecrets: () => string[];
  logger: Logger;
  rejected?: Counter<'reason'>;
  now?: () => number;
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export class SlackVerification {
  constructor(private readonly deps: SlackVerificationDeps) {}

  private nowSeconds(): number {
    return Math.floor((this.deps.now?.() ?? Date.now()) / 1000);
  }

  private signed(headers: IncomingHttpHeaders) {
    return { signature: header(headers, 'x-slack-signature'), timestamp: header(headers, 'x-slack-request-timestamp') };
  }

  /** Before the body: the failure, or null when the body is worth reading. */
  checkHeaders(headers: IncomingHttpHeaders): VerifyFailure | null {
    return verifySlackHeaders(this.signed(headers), this.deps.signingSecrets(), this.nowSeconds())?.reason ?? null;
  }

  /** Once the body is here: is it Slack's, signed with one of our secrets? Recorded either way. */
  verify(headers: IncomingHttpHeaders, rawBody: Buffer, from: () => RequestOrigin): VerifyResult {
    const result = verifySlackRequest({ ...this.signed(headers), rawBody }, this.deps.signingSecrets(), this.nowSeconds());
    this.record(result, from);
    return result;
  }

  /** A request refused on its headers alone (its body never read). */
  refuse(reason: VerifyFailure, from: () => RequestOrigin): void {
    this.record({ ok: false, reason }, from);
  }

  /** `from` is worked out only for a refusal's log line (the peer's address costs a system call). */
  private record(result: VerifyResult, from: () => RequestOrigin): void {
    if (result.ok) return;
    this.deps.rejected?.inc({ reason: result.reason });
    this.deps.logger.warn({ reason: result.reason, ...from() }, 'refused a Slack request that failed verification');
  }
}

/** Where a request came from, for the log line of a refusal. */
export interface RequestOrigin {
  path: string;
  ip?: string;
  forwarded_for?: string;
}

export const originOf = (path: string, headers: IncomingHttpHeaders, ip: string | undefined): RequestOrigin => ({
  path,
  ip,
  forwarded_for: header(headers, 'x-forwarded-for'),
});
