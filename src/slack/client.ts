// The Slack Web API client, set up for our outbox: the outbox owns retries (shared/slack FACTS §5),
// so the SDK must neither retry nor sit on 429s; every failure comes straight back to us.
import { LogLevel, WebClient } from '@slack/web-api';

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

export interface SlackClientOptions {
  apiUrl?: string;
  timeoutMs?: number;
}

export function createSlackClient(token: string | undefined, options: SlackClientOptions = {}): WebClient {
  return new WebClient(token, {
    slackApiUrl: normaliseApiUrl(options.apiUrl ?? DEFAULT_SLACK_API_URL),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    logLevel: LogLevel.ERROR,
  });
}

/** @slack/web-api appends method names to the base, so it must end with "/". */
export function normaliseApiUrl(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
