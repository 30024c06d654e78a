// Private answers through an interaction's response_url (valid 30 minutes, 5 uses). Slack answering
// 5xx, 429 or not at all delays the answer rather than losing it: a few retries, spaced out, well
// inside the URL's lifetime. A 4xx other than 429 (an expired or used URL) is final.
import type { Logger } from '../observability/logger.js';

/** Waits before the 2nd, 3rd, … attempt (a Retry-After from Slack takes precedence, up to 60 s). */
export const RESPONSE_URL_RETRY_DELAYS_MS = [500, 2000, 8000, 30_000];
const ATTEMPT_TIMEOUT_MS = 5000;

export interface ResponseUrlOptions {
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Posts one answer; true once Slack has taken it. Never throws. */
export async function postToResponseUrl(url: string, body: Record<string, unknown>, logger: Logger, options: ResponseUrlOptions = {}): Promise<boolean> {
  const delays = options.retryDelaysMs ?? RESPONSE_URL_RETRY_DELAYS_MS;
  const sleep = options.sleep ?? defaultSleep;
  const payload = JSON.stringify(body);
  for (let attempt = 0; ; attempt++) {
    let wait: number | null = null;
    let why: string;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      await res.body?.cancel();
      if (res.ok) return true;
      why = `status ${res.status}`;
      if (res.status !== 429 && res.status < 500) {
        logger.warn({ status: res.status }, 'response_url refused the reply (expired or used up); the user does not see it');
        return false;
      }
      const retryAfter = Number(res.headers.get('retry-after'));
      if (res.status === 429 && retryAfter > 0) wait = Math.min(retryAfter * 1000, 60_000);
    } catch (err) {
      why = (err as Error).message;
    }
    const delay = delays[attempt];
    if (delay === undefined) {
      logger.warn({ attempts: attempt + 1, last: why }, 'could not answer through response_url; gave up');
      return false;
    }
    await sleep(wait ?? delay);
  }
}
