// schedule handoff-channel|user-group: where a schedule shows in Slack. Handoffs are announced in a
// channel (and the incoming person gets a direct message); a user group's members follow whoever is
// on call. The daemon's scheduler does both; these commands only choose, checking with Slack first
// (the channel or group exists, the scopes the feature needs are granted).
import type { WebClient } from '@slack/web-api';
import type { Core } from '../../daemon/container.js';
import { ChannelLookupError, channelLabel, resolveChannel } from '../../slack/channels.js';
import { checkConnection } from '../../slack/connection-check.js';
import { missingFor, refusalFor, type ScopedFeature } from '../../slack/scopes.js';
import type { Workspace } from '../../store/workspace-repo.js';
import { UserError } from '../errors.js';
import { withCore } from '../context.js';
import { chalk, print, printJson } from '../output.js';
import { slackCall, workspaceFor } from '../slack-context.js';

interface Options {
  workspace?: string;
  off?: boolean;
  json?: boolean;
}

const usage = (message: string) => new UserError(message, 2);

function target(ref: string | undefined, o: Options, what: string): string | null {
  if (o.off && ref) throw usage(`Give ${what} or --off, not both.`);
  if (!o.off && !ref) throw usage(`Say which ${what}, or --off to stop.`);
  return o.off ? null : ref!;
}

/** Asks Slack for the token's scopes now (auth.test), stores them, and refuses a feature they lack. */
async function requireScopes(core: Core, workspace: Workspace, client: WebClient, feature: ScopedFeature): Promise<void> {
  const report = await slackCall(() => checkConnection(client));
  core.workspaces.setScopes(workspace.teamId, report.scopes);
  const missing = missingFor(feature, report.scopes);
  if (missing.length) throw new UserError(refusalFor(feature, missing));
}

/** Where a schedule shows in Slack, per workspace (the `slack` field of every schedule's JSON). */
export function scheduleSlackJson(core: Pick<Core, 'scheduleSlack'>, scheduleId: number) {
  return core.scheduleSlack.forSchedule(scheduleId).map((c) => ({
    workspace: c.teamId,
    handoff_channel: c.handoffChannel,
    user_group: c.usergroupId ? { id: c.usergroupId, handle: c.usergroupHandle } : null,
  }));
}

function scheduleJson(core: Core, scheduleId: number, name: string) {
  return { schedule: name, slack: scheduleSlackJson(core, scheduleId) };
}

export async function scheduleHandoffChannel(name: string, ref: string | undefined, o: Options): Promise<void> {
  const channelRef = target(ref, o, 'channel (#name or id)');
  await withCore(async (core) => {
    const schedule = core.oncall.getSchedule(name);
    const { workspace, client } = await workspaceFor(core, o.workspace);
    let channelId: string | null = null;
    if (channelRef) {
      try {
        channelId = (await slackCall(() => resolveChannel(client, core.workspaces, workspace.teamId, channelRef))).id;
      } catch (err) {
        if (err instanceof ChannelLookupError) throw new UserError(err.message);
        throw err;
      }
    }
    core.scheduleSlack.setHandoffChannel(schedule.id, workspace.teamId, channelId, core.clock.now());
    if (o.json) return printJson(scheduleJson(core, schedule.id, schedule.name));
    if (!channelId) return print(`Handoffs of ${schedule.name} are no longer announced in ${workspace.teamName}.`);
    print(chalk.green(`Handoffs of ${schedule.name} will be announced in ${channelLabel(core.workspaces, workspace.teamId, channelId)}, and the incoming person messaged directly.`));
    print('The running daemon does it at each handoff (from the next one on).');
  });
}

/** A user-group id (S…) as given, or the group with this @handle (usergroups.list). */
async function findGroup(client: WebClient, ref: string): Promise<{ id: string; handle: string }> {
  const groups = (await slackCall(() => client.usergroups.list())).usergroups ?? [];
  const handle = ref.replace(/^@/, '');
  const g = groups.find((x) => x.id === ref || x.handle === handle);
  if (!g?.id) throw new UserError(`No user group ${/^S[A-Z0-9]{2,}$/.test(ref) ? ref : `@${handle}`} in this workspace (handles: ${groups.map((x) => `@${x.handle}`).join(', ') || 'none'}). Create it in Slack first.`);
  return { id: g.id, handle: g.handle ?? handle };
}

export async function scheduleUserGroup(name: string, ref: string | undefined, o: Options): Promise<void> {
  const groupRef = target(ref, o, 'user group (@handle or S… id)');
  await withCore(async (core) => {
    const schedule = core.oncall.getSchedule(name);
    const { workspace, client } = await workspaceFor(core, o.workspace);
    let group: { id: string; handle: string } | null = null;
    if (groupRef) {
      await requireScopes(core, workspace, client, 'oncall_group');
      group = await findGroup(client, groupRef);
    }
    core.scheduleSlack.setUserGroup(schedule.id, workspace.teamId, group, core.clock.now());
    if (o.json) return printJson(scheduleJson(core, schedule.id, schedule.name));
    if (!group) return print(`${schedule.name} no longer owns a user group in ${workspace.teamName}; the group keeps its members.`);
    print(chalk.green(`@${group.handle} now follows ${schedule.name}: the running daemon sets its members to whoever is on call, now and at each handoff or override.`));
  });
}
