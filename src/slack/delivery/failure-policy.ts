// What delivery does when Slack refuses a call, by Slack's failure kind: one table, one screen.
//   wait      — Slack said when (429 Retry-After): the row and its pace key wait that long; no attempt counted.
//   retry     — a passing fault (5xx, network, Slack's internal errors): back off 1 s, 2 s, 4 s … 5 min.
//   hold      — the token is refused: the whole workspace waits for someone to fix it; nothing is lost.
//   join      — the bot is not in a public channel: join it and go again (private: /invite, so fail).
//   fall_back — the channel is gone or archived: a new incident goes to the default channel instead.
//   fail      — Slack will never take this call: the row is parked as failed, with the reason in words.
import type { SlackFailure } from '../errors.js';
import type { OutboxRow } from '../../store/outbox-messages.js';
import { backoffMs } from './pace.js';

export type FailureDecision =
  | { action: 'wait'; ms: number }
  | { action: 'retry'; ms: number }
  | { action: 'hold' }
  | { action: 'join' }
  | { action: 'fall_back' }
  | { action: 'fail' };

type Policy = { [K in SlackFailure['kind']]: (f: Extract<SlackFailure, { kind: K }>, row: OutboxRow) => FailureDecision };

export const FAILURE_POLICY: Policy = {
  rate_limited: (f) => ({ action: 'wait', ms: f.retryAfterSeconds * 1000 }),
  transient: (_f, row) => ({ action: 'retry', ms: backoffMs(row.attempts) }),
  auth: () => ({ action: 'hold' }),
  channel: (f, row) => (f.error === 'not_in_channel' ? { action: 'join' } : row.kind === 'post' ? { action: 'fall_back' } : { action: 'fail' }),
  invalid_payload: () => ({ action: 'fail' }),
  permanent: () => ({ action: 'fail' }),
};

export function decide(f: SlackFailure, row: OutboxRow): FailureDecision {
  return (FAILURE_POLICY[f.kind] as (f: SlackFailure, row: OutboxRow) => FailureDecision)(f, row);
}
