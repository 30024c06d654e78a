// channels list|default|route|unroute|routes: where incidents go, per workspace (subscribe, explain:
// channel-subscriptions.ts).
import type { Urgency } from '../../domain/model.js';
import { describeSubscription } from '../../domain/routing.js';
import { ChannelLookupError, channelLabel, listChannels, resolveChannel } from '../../slack/channels.js';
import { UserError } from '../errors.js';
import { withCore } from '../context.js';
import { chalk, print, printJson, table } from '../output.js';
import { slackCall, workspaceFor } from '../slack-context.js';

interface WorkspaceOpt {
  workspace?: string;
  json?: boolean;
}

/** --urgency (its value checked by commander's choices while parsing). */
const parseUrgency = (value: string | undefined): Urgency | null => (value ? (value.toUpperCase() as Urgency) : null);

async function resolve(core: Parameters<Parameters<typeof withCore>[0]>[0], opts: WorkspaceOpt, ref: string) {
  const { workspace, client } = await workspaceFor(core, opts.workspace);
  try {
    const channel = await slackCall(() => resolveChannel(client, core.workspaces, workspace.teamId, ref));
    return { workspace, channel };
  } catch (err) {
    if (err instanceof ChannelLookupError) throw new UserError(err.message);
    throw err;
  }
}

export async function listChannelsCommand(opts: WorkspaceOpt): Promise<void> {
  await withCore(async (core) => {
    const { workspace, client } = await workspaceFor(core, opts.workspace);
    const channels = await slackCall(() => listChannels(client));
    for (const c of channels) core.workspaces.rememberChannel(workspace.teamId, c.id, c.name, c.isPrivate);
    if (opts.json) return printJson(channels.map((c) => ({ id: c.id, name: c.name, is_private: c.isPrivate, bot_is_member: c.isMember })));
    print(table(['CHANNEL', 'ID', 'BOT'], channels.map((c) => [`${c.isPrivate ? '🔒' : '#'}${c.name}`, c.id, c.isMember ? 'member' : c.isPrivate ? '' : 'can post (public)'])));
    print(chalk.dim('Private channels appear here only once the bot is invited: /invite @OpsKnight in the channel.'));
  });
}

export async function setDefaultChannel(ref: string, opts: WorkspaceOpt): Promise<void> {
  await withCore(async (core) => {
    const { workspace, channel } = await resolve(core, opts, ref);
    core.workspaces.setDefaultChannel(workspace.teamId, channel.id);
    print(chalk.green(`Default channel for ${workspace.teamName}: #${channel.name} (${channel.id}).`));
  });
}

export async function addRoute(ref: string, opts: WorkspaceOpt & { service?: string; urgency?: string }): Promise<void> {
  const urgency = parseUrgency(opts.urgency);
  if (!opts.service && !urgency) throw new UserError('Give --service, --urgency or both (the default channel is set with `channels default`).', 2);
  await withCore(async (core) => {
    if (opts.service) core.directory.getService(opts.service);
    const { workspace, channel } = await resolve(core, opts, ref);
    core.workspaces.setRoute(workspace.teamId, { serviceSlug: opts.service ?? null, urgency, channelId: channel.id });
    const what = [opts.service && `service ${opts.service}`, urgency && `urgency ${urgency}`].filter(Boolean).join(' at ');
    print(chalk.green(`Incidents of ${what} now go to #${channel.name} in ${workspace.teamName}.`));
  });
}

export async function removeRoute(opts: WorkspaceOpt & { service?: string; urgency?: string }): Promise<void> {
  const urgency = parseUrgency(opts.urgency);
  if (!opts.service && !urgency) throw new UserError('Give --service, --urgency or both: which route to remove.', 2);
  await withCore(async (core) => {
    const { workspace } = await workspaceFor(core, opts.workspace);
    if (!core.workspaces.removeRoute(workspace.teamId, opts.service ?? null, urgency)) throw new UserError('There is no such route; see `opsknight-slack channels routes`.');
    print('Route removed.');
  });
}

export async function showRoutes(opts: WorkspaceOpt): Promise<void> {
  await withCore(async (core) => {
    const { workspace } = await workspaceFor(core, opts.workspace);
    const routes = core.workspaces.routes(workspace.teamId);
    const subscriptions = core.workspaces.subscriptions(workspace.teamId);
    const label = (id: string | null) => channelLabel(core.workspaces, workspace.teamId, id);
    if (opts.json) {
      return printJson({
        workspace: workspace.teamId,
        default_channel: workspace.defaultChannel,
        routes: routes.map((r) => ({ service: r.serviceSlug, urgency: r.urgency, channel: r.channelId, channel_name: core.workspaces.channelName(workspace.teamId, r.channelId) })),
        subscriptions: subscriptions.map((s) => ({ channel: s.channelId, channel_name: core.workspaces.channelName(workspace.teamId, s.channelId), services: s.services, urgencies: s.urgencies })),
        settings: { urgency_filter: workspace.settings.urgencyFilter, events: workspace.settings.events },
      });
    }
    print(chalk.bold(`${workspace.teamName} (${workspace.teamId})`));
    print(
      table(
        ['SERVICE', 'URGENCY', 'CHANNEL'],
        [...routes.map((r) => [r.serviceSlug ?? 'any', r.urgency ?? 'any', label(r.channelId)]), ['(default)', 'any', label(workspace.defaultChannel)]],
      ),
    );
    print(chalk.dim('Precedence: service + urgency route, then service channel, then urgency route, then the default channel: one routed channel.'));
    if (subscriptions.length) {
      print(chalk.bold('Subscriptions (each also gets its own card of every incident it matches):'));
      print(table(['CHANNEL', 'TAKES'], subscriptions.map((s) => [label(s.channelId), describeSubscription(s)])));
    } else print(chalk.dim('No subscriptions: `channels subscribe <channel> [--service a,b] [--urgency high,medium]` adds a channel that gets its own card.'));
  });
}
