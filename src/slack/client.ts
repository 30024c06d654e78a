// The Slack Web API client, set up for our outbox: the outbox owns retries and waits out 429s
// (https://docs.slack.dev/apis/web-api/rate-limits), so the SDK must neither retry nor sit on 429s; every failure comes straight back to us.
import { createRequire } from 'node:module';
import type { LogLevel, WebClient, WebClientOptions } from '@slack/web-api';

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

export interface SlackClientOptions {
  apiUrl?: string;
  timeoutMs?: number;
}

// Loaded on first use: a daemon with no Slack workspace yet never pays the SDK's memory.
const require = createRequire(import.meta.url);
let sdk: { WebClient: new (token?: string, options?: WebClientOptions) => WebClient } | null = null;

export function createSlackClient(token: string | undefined, options: SlackClientOptions = {}): WebClient {
  sdk ??= require('@slack/web-api') as typeof sdk;
  return new sdk!.WebClient(token, {
    slackApiUrl: normaliseApiUrl(options.apiUrl ?? DEFAULT_SLACK_API_URL),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    logLevel: 'error' as LogLevel,
  });
}

/** @slack/web-api appends method names to the base, so it must end with "/". */
export function normaliseApiUrl(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
