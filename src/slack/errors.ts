// Slack API failures as typed outcomes the delivery worker can act on.
export type SlackFailure =
  | { kind: 'rate_limited'; retryAfterSeconds: number; error: 'ratelimited' }
  | { kind: 'transient'; error: string }
  | { kind: 'auth'; error: string }
  | { kind: 'channel'; error: 'not_in_channel' | 'channel_not_found' | 'is_archived' }
  /** The message to update is gone (deleted) or can no longer be edited by us (an admin edited it, too old). */
  | { kind: 'message_gone'; error: string }
  | { kind: 'invalid_payload'; error: string; details?: unknown }
  | { kind: 'permanent'; error: string; details?: unknown };

export const AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'account_inactive', 'token_expired', 'no_permission']);
const CHANNEL_ERRORS = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);
const MESSAGE_GONE_ERRORS = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);
const PAYLOAD_ERRORS = new Set(['invalid_blocks', 'invalid_blocks_format', 'invalid_attachments', 'too_many_attachments', 'msg_too_long', 'msg_blocks_too_long', 'no_text']);
const TRANSIENT_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

interface SlackErrorLike {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string; response_metadata?: unknown; needed?: string; provided?: string };
  message?: string;
}

/** Classifies an error thrown by @slack/web-api (configured with retries off and
 *  rejectRateLimitedCalls on, so every failure reaches us). */
export function classifySlackError(err: unknown): SlackFailure {
  const e = (err ?? {}) as SlackErrorLike;
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, Number(e.retryAfter) || 1), error: 'ratelimited' };
    case 'slack_webapi_http_error':
      return { kind: 'transient', error: `http_${e.statusCode ?? 'error'}` };
    case 'slack_webapi_request_error':
      return { kind: 'transient', error: 'request_failed' };
    case 'slack_webapi_platform_error': {
      const error = e.data?.error ?? 'unknown_error';
      if (AUTH_ERRORS.has(error)) return { kind: 'auth', error };
      if (CHANNEL_ERRORS.has(error)) return { kind: 'channel', error: error as 'not_in_channel' };
      if (MESSAGE_GONE_ERRORS.has(error)) return { kind: 'message_gone', error };
      if (PAYLOAD_ERRORS.has(error)) return { kind: 'invalid_payload', error, details: e.data?.response_metadata };
      if (TRANSIENT_PLATFORM_ERRORS.has(error)) return { kind: 'transient', error };
      if (error === 'missing_scope') return { kind: 'permanent', error, details: { needed: e.data?.needed, provided: e.data?.provided } };
      return { kind: 'permanent', error };
    }
    default:
      // Timeouts and network failures outside the SDK's wrappers.
      return { kind: 'transient', error: e.message ? `network: ${e.message}` : 'network' };
  }
}

/** Plain words for people: what went wrong and what to do. */
export function explainSlackError(error: string, context: { channel?: string } = {}): string {
  const channel = context.channel ?? 'the channel';
  switch (error) {
    case 'not_in_channel':
      return `The OpsKnight bot is not a member of ${channel}. Invite it there with /invite @OpsKnight.`;
    case 'channel_not_found':
      return `${channel} does not exist, or it is private and the bot was not invited.`;
    case 'is_archived':
      return `${channel} is archived. Pick another channel.`;
    case 'invalid_auth':
    case 'not_authed':
      return 'Slack does not accept the bot token. Check SLACK_BOT_TOKEN or re-run `opsknight-slack setup`.';
    case 'token_revoked':
      return 'The bot token was revoked (the app was removed or reinstalled). Re-install the app and store the new token.';
    case 'account_inactive':
      return 'The workspace or the bot user was deactivated. Re-install the app.';
    case 'missing_scope':
      return 'The app lacks a permission it needs. Add the scopes from `opsknight-slack manifest` and re-install.';
    case 'message_not_found':
      return `The message in ${channel} was deleted.`;
    case 'cant_update_message':
    case 'edit_window_closed':
      return `The message in ${channel} can no longer be edited by the app.`;
    case 'ratelimited':
      return 'Slack is rate limiting us; delivery continues when it allows.';
    default:
      return `Slack answered "${error}".`;
  }
}
