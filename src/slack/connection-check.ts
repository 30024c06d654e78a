// Test connection: auth.test with the bot token; which workspace and bot user; which required scopes
// are missing; Slack's errors in plain words.
import type { WebClient } from '@slack/web-api';
import { classifySlackError, explainSlackError } from './errors.js';
import { REQUIRED_BOT_SCOPES, explainMissingScopes } from './scopes.js';

export interface ConnectionReport {
  teamId: string;
  teamName: string;
  url: string | null;
  botUserId: string | null;
  botId: string | null;
  scopes: string[];
  missingScopes: string[];
  /** Each missing scope with the features it stops, e.g. "pins:write (needed for major-incident channels …)". */
  missingExplained: string[];
}

export class ConnectionError extends Error {
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectionError';
  }
}

export async function checkConnection(client: WebClient): Promise<ConnectionReport> {
  try {
    const res = await client.auth.test();
    const scopes = res.response_metadata?.scopes ?? [];
    const missing = REQUIRED_BOT_SCOPES.filter((s) => !scopes.includes(s));
    return {
      teamId: String(res.team_id),
      teamName: String(res.team ?? res.team_id),
      url: (res.url as string | undefined) ?? null,
      botUserId: (res.user_id as string | undefined) ?? null,
      botId: (res.bot_id as string | undefined) ?? null,
      scopes,
      missingScopes: missing,
      missingExplained: explainMissingScopes(missing),
    };
  } catch (err) {
    throw connectionError(err);
  }
}

/** Socket Mode: can the app-level token open a connection? (apps.connections.open; the URL it
 *  hands out is left unused and expires.) */
export async function checkAppToken(client: WebClient): Promise<void> {
  try {
    await client.apps.connections.open();
  } catch (err) {
    throw connectionError(err, 'Make an app-level token with the connections:write scope (Basic Information → App-Level Tokens).');
  }
}

function connectionError(err: unknown, hint?: string): ConnectionError {
  const f = classifySlackError(err);
  const words =
    f.kind === 'transient'
      ? `Could not reach Slack (${f.error}). Check the network and SLACK_API_URL.`
      : f.error === 'account_inactive'
        ? 'The workspace or the bot user behind this token was deactivated. Re-install the app to get a new token.'
        : explainSlackError(f.error);
  return new ConnectionError(f.error, hint && f.kind !== 'transient' ? `${words} ${hint}` : words);
}
