// test-channel: posts a test message through the same delivery path as incidents, and explains failures.
import { ChannelLookupError, looksLikeChannelId, resolveChannel } from '../../slack/channels.js';
import { createLogger } from '../../observability/logger.js';
import { UserError } from '../errors.js';
import { withCore } from '../context.js';
import { chalk, print } from '../output.js';
import { slackCall, workspaceFor } from '../slack-context.js';

export async function testChannel(ref: string, opts: { workspace?: string }): Promise<void> {
  await withCore(async (core) => {
    const { workspace, client } = await workspaceFor(core, opts.workspace);
    let channelId = ref;
    let label = ref;
    try {
      const c = await slackCall(() => resolveChannel(client, core.workspaces, workspace.teamId, ref));
      channelId = c.id;
      label = `#${c.name}`;
    } catch (err) {
      // An ID the bot cannot list may still be postable (a public channel via chat:write.public): let Slack decide.
      if (!(err instanceof ChannelLookupError && looksLikeChannelId(ref))) throw err instanceof ChannelLookupError ? new UserError(err.message) : err;
    }
    const now = core.clock.now().getTime();
    // Far-future schedule: a running daemon leaves this row to us.
    const id = core.outbox.enqueue(
      { teamId: workspace.teamId, channelId, kind: 'test', payload: { text: `:white_check_mark: Test message from OpsKnight: incidents can be posted in ${label}.` } },
      now,
      now + 3_600_000,
    );
    const worker = core.deliveryWorker({ logger: createLogger('silent'), incidentUrl: (n) => `/incidents/${n}` });
    await worker.deliverNow(id);
    const outcome = core.outbox.outcome(id)!;
    if (outcome.status === 'done') {
      print(chalk.green(`Posted a test message in ${label} (${workspace.teamName}).`));
      return;
    }
    if (outcome.status === 'pending') core.outbox.markFailed(id, outcome.error ?? 'not delivered', core.clock.now().getTime());
    const reason = outcome.error ?? 'unknown error';
    if (core.workspaces.get(workspace.teamId)?.status === 'needs_attention') {
      throw new UserError(`Slack refused the bot token: ${core.workspaces.get(workspace.teamId)!.statusReason}`);
    }
    throw new UserError(`Could not post in ${label}: ${reason.replace(/^[a-z_]+: /, '')}`);
  });
}
