// test-channel: posts a test message through the same delivery path as incidents, and explains failures.
import { ChannelLookupError, looksLikeChannelId, resolveChannel } from '../../slack/channels.js';
import { postTestMessage } from '../../slack/delivery/test-post.js';
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
    const result = await postTestMessage(core, workspace.teamId, channelId, label);
    if (result.ok) {
      print(chalk.green(`Posted a test message in ${label} (${workspace.teamName}).`));
      return;
    }
    if (result.tokenProblem) throw new UserError(`Slack refused the bot token: ${result.tokenProblem}`);
    throw new UserError(`Could not post in ${label}: ${result.reason}`);
  });
}
