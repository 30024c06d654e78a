// CLI access to Slack: the workspace a command is about, and a client for it.
import type { WebClient } from '@slack/web-api';
import type { Core } from '../daemon/container.js';
import { classifySlackError, explainSlackError } from '../slack/errors.js';
import { chooseWorkspace, connectBotToken, WorkspaceChoiceError } from '../slack/workspaces.js';
import type { Workspace } from '../store/workspace-repo.js';
import { UserError } from './errors.js';

/** The workspace named by --workspace (or the only one). SLACK_BOT_TOKEN connects its workspace first. */
export async function workspaceFor(core: Core, ref: string | undefined): Promise<{ workspace: Workspace; client: WebClient }> {
  const envToken = process.env.SLACK_BOT_TOKEN;
  if (envToken && !core.workspaces.list().some((w) => w.botToken === envToken)) {
    await slackCall(() => connectBotToken(core.slackClient(envToken), envToken, core.workspaces));
  }
  try {
    const workspace = chooseWorkspace(core.workspaces, ref);
    return { workspace, client: core.clientFor(workspace) };
  } catch (err) {
    if (err instanceof WorkspaceChoiceError) throw new UserError(err.message);
    throw err;
  }
}

/** Runs a Slack call, turning Slack's errors into plain words. */
export async function slackCall<T>(call: () => Promise<T>, context: { channel?: string } = {}): Promise<T> {
  try {
    return await call();
  } catch (err) {
    // Only the Slack client's own failures are Slack's: anything else (a channel that is not there,
    // ChannelLookupError) says what it is itself, and is not a network problem.
    if (!String((err as { code?: unknown } | null)?.code ?? '').startsWith('slack_webapi_')) throw err;
    const f = classifySlackError(err);
    if (f.kind === 'transient') {
      throw new UserError(`Could not reach Slack (${f.error}). Check the network, or SLACK_API_URL if you point it elsewhere.`);
    }
    throw new UserError(`${explainSlackError(f.error, context)} (Slack error: ${f.error})`);
  }
}
