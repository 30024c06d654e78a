// Carries out the failure policy's decision for one row: reschedules it, holds its workspace, joins
// the channel, moves it to the default channel, or parks it as failed — and says so in the log.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../observability/logger.js';
import type { OutboxRow } from '../../store/outbox-messages.js';
import type { OutboxRepo } from '../../store/outbox-repo.js';
import type { Workspace, WorkspaceRepo } from '../../store/workspace-repo.js';
import { explainSlackError, type SlackFailure } from '../errors.js';
import { decide } from './failure-policy.js';
import type { DeliveryMetrics } from './metrics.js';

export interface FailureEnv {
  outbox: OutboxRepo;
  workspaces: WorkspaceRepo;
  logger: Logger;
  metrics?: DeliveryMetrics;
  now: number;
  write<T>(fn: () => T): Promise<T>;
  /** Blocks the row's pace key until then (Slack's Retry-After). */
  blockPace(until: number): void;
}

export async function handleFailure(env: FailureEnv, row: OutboxRow, ws: Workspace, client: WebClient, f: SlackFailure): Promise<void> {
  const { outbox, logger: log, now, write } = env;
  const channelName = env.workspaces.channelName(ws.teamId, row.channelId);
  const where = channelName ? `#${channelName} (${row.channelId})` : row.channelId;
  const fail = async (error: string, message: string, extra: Record<string, unknown> = {}) => {
    await write(() => outbox.markFailed(row.id, error, now));
    log.error({ team_id: ws.teamId, channel: where, outbox_id: row.id, error: f.error, ...extra }, message);
  };
  const decision = decide(f, row);
  switch (decision.action) {
    case 'wait': {
      const until = now + decision.ms;
      env.blockPace(until);
      await write(() => outbox.retryLater(row.id, until, f.error, false));
      env.metrics?.rateLimited();
      log.warn({ team_id: ws.teamId, channel: row.channelId, retry_after_s: decision.ms / 1000 }, 'Slack rate limited us; waiting');
      return;
    }
    case 'retry':
      await write(() => outbox.retryLater(row.id, now + decision.ms, f.error));
      log.warn({ team_id: ws.teamId, outbox_id: row.id, error: f.error, retry_in_ms: decision.ms }, 'Slack call failed; will retry');
      return;
    case 'hold':
      // Nothing for this workspace can go until someone fixes the token; its rows wait, none are lost.
      await write(() => env.workspaces.setStatus(ws.teamId, 'needs_attention', `${f.error}: ${explainSlackError(f.error)}`));
      log.error({ team_id: ws.teamId, error: f.error }, `workspace needs attention: ${explainSlackError(f.error)}`);
      return;
    case 'join':
      if (await tryJoin(env, client, ws, row.channelId)) {
        await write(() => outbox.retryLater(row.id, now, 'joined the channel', false));
        return;
      }
      return fail(`${f.error}: ${explainSlackError(f.error, { channel: where })}`, explainSlackError(f.error, { channel: where }));
    case 'fall_back': {
      const fallback = ws.defaultChannel;
      if (!fallback || fallback === row.channelId) {
        return fail(`${f.error}: ${explainSlackError(f.error, { channel: where })}`, explainSlackError(f.error, { channel: where }));
      }
      log.warn({ team_id: ws.teamId, channel: where, error: f.error, fallback }, `${explainSlackError(f.error, { channel: where })} Posting in the default channel instead.`);
      await write(() => outbox.moveToChannel(row.id, fallback));
      await write(() => outbox.retryLater(row.id, now, `${f.error} in ${where}; moved to the default channel`, false));
      return;
    }
    case 'fail':
      if (f.kind === 'invalid_payload') return fail(f.error, 'Slack refused the message as invalid', { kind: row.kind, details: f.details, row });
      return fail(`${f.error}: ${explainSlackError(f.error, { channel: where })}`, explainSlackError(f.error, { channel: where }), 'details' in f ? { details: f.details } : {});
  }
}

/** Public channels can be joined (needs channels:join); private ones need an /invite. */
async function tryJoin(env: FailureEnv, client: WebClient, ws: Workspace, channelId: string): Promise<boolean> {
  if (env.workspaces.isPrivateChannel(ws.teamId, channelId) === true) return false;
  try {
    await client.conversations.join({ channel: channelId });
    env.logger.info({ team_id: ws.teamId, channel: channelId }, 'joined the channel to post');
    return true;
  } catch {
    return false;
  }
}
