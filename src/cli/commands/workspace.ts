// workspace list|show|remove|settings: the Slack workspaces this daemon posts to.
import type { CrossTeamPolicy } from '../../domain/access.js';
import { TOGGLEABLE_EVENTS, type ToggleableEvent, type UrgencyFilter } from '../../domain/routing.js';
import { channelLabel } from '../../slack/channels.js';
import { maskSecret } from '../../store/secrets.js';
import type { Workspace } from '../../store/workspace-repo.js';
import { UserError } from '../errors.js';
import { withCore } from '../context.js';
import { chalk, print, printJson, table } from '../output.js';
import { workspaceFor } from '../slack-context.js';

function workspaceJson(w: Workspace) {
  return {
    team_id: w.teamId,
    team_name: w.teamName,
    bot_token: maskSecret(w.botToken),
    bot_user_id: w.botUserId,
    scopes: w.scopes,
    installed_by: w.installedBy,
    installed_at: w.installedAt.toISOString(),
    status: w.status,
    status_reason: w.statusReason,
    default_channel: w.defaultChannel,
    settings: {
      events: w.settings.events,
      urgency_filter: w.settings.urgencyFilter,
      require_mapped_user: w.settings.requireMappedUser,
      digest_threshold: w.settings.digestThreshold,
      cross_team_actions: w.settings.crossTeamActions,
      unmapped_can_view: w.settings.unmappedCanView,
    },
  };
}

export async function listWorkspaces(opts: { json?: boolean }): Promise<void> {
  await withCore((core) => {
    const all = core.workspaces.list();
    if (opts.json) return printJson(all.map(workspaceJson));
    if (!all.length) return print('No workspace connected. Set SLACK_BOT_TOKEN, run `opsknight-slack setup`, or `opsknight-slack workspace add`.');
    print(
      table(
        ['TEAM', 'ID', 'TOKEN', 'DEFAULT CHANNEL', 'STATUS'],
        all.map((w) => [
          w.teamName,
          w.teamId,
          maskSecret(w.botToken),
          channelLabel(core.workspaces, w.teamId, w.defaultChannel),
          w.status === 'ok' ? chalk.green('ok') : chalk.red(`needs attention: ${w.statusReason ?? ''}`),
        ]),
      ),
    );
  });
}

export async function showWorkspace(ref: string | undefined, opts: { json?: boolean }): Promise<void> {
  await withCore(async (core) => {
    const { workspace: w } = await workspaceFor(core, ref);
    if (opts.json) return printJson(workspaceJson(w));
    print(chalk.bold(`${w.teamName} (${w.teamId})`));
    print(`  Bot token:        ${maskSecret(w.botToken)}  (bot user ${w.botUserId ?? '?'})`);
    print(`  Scopes:           ${w.scopes.join(', ') || '(unknown)'}`);
    print(`  Status:           ${w.status === 'ok' ? 'ok' : `needs attention: ${w.statusReason}`}`);
    print(`  Default channel:  ${channelLabel(core.workspaces, w.teamId, w.defaultChannel)}`);
    print(`  Urgency filter:   ${w.settings.urgencyFilter}`);
    print(`  Events:           ${TOGGLEABLE_EVENTS.map((e) => `${e} ${w.settings.events[e] ? 'on' : 'off'}`).join(', ')}`);
    print(`  Only mapped users may act: ${w.settings.requireMappedUser ? 'yes' : 'no'}`);
    print(`  Other teams' incidents:    ${w.settings.crossTeamActions === 'allow' ? 'may be acted on (attributed)' : 'refused (only the owning team and admins act)'}`);
    print(`  Unmapped users see:        ${w.settings.unmappedCanView && !w.settings.requireMappedUser ? 'every incident' : 'no incidents'}`);
    print(`  Alert-storm digest after:  ${w.settings.digestThreshold > 0 ? `${w.settings.digestThreshold} pending posts in a channel` : 'never (off)'}`);
  });
}

export async function removeWorkspace(ref: string): Promise<void> {
  await withCore(async (core) => {
    const { workspace } = await workspaceFor(core, ref);
    core.workspaces.remove(workspace.teamId);
    print(`Removed ${workspace.teamName} (${workspace.teamId}): its token, routes and settings are deleted.`);
  });
}

export async function workspaceSettings(opts: {
  workspace?: string;
  enable?: string[];
  disable?: string[];
  urgencyFilter?: string;
  requireMappedUser?: boolean;
  digestThreshold?: string;
  crossTeamActions?: CrossTeamPolicy;
  unmappedCanView?: boolean;
  json?: boolean;
}): Promise<void> {
  const events: Partial<Record<ToggleableEvent, boolean>> = {};
  for (const [list, on] of [
    [opts.enable, true],
    [opts.disable, false],
  ] as const) {
    for (const e of list ?? []) {
      const name = e.replace(/-/g, '_') as ToggleableEvent;
      if (!TOGGLEABLE_EVENTS.includes(name)) throw new UserError(`Unknown event "${e}": use ${TOGGLEABLE_EVENTS.join(', ')}.`, 2);
      events[name] = on;
    }
  }
  // --urgency-filter and --digest-threshold were checked while parsing (src/cli/option-values.ts).
  await withCore(async (core) => {
    const { workspace } = await workspaceFor(core, opts.workspace);
    core.workspaces.updateSettings(workspace.teamId, {
      ...(Object.keys(events).length ? { events: events as Record<ToggleableEvent, boolean> } : {}),
      ...(opts.urgencyFilter ? { urgencyFilter: opts.urgencyFilter.replace(/-/g, '_') as UrgencyFilter } : {}),
      ...(opts.requireMappedUser !== undefined ? { requireMappedUser: opts.requireMappedUser } : {}),
      ...(opts.digestThreshold !== undefined ? { digestThreshold: Number(opts.digestThreshold) } : {}),
      ...(opts.crossTeamActions ? { crossTeamActions: opts.crossTeamActions } : {}),
      ...(opts.unmappedCanView !== undefined ? { unmappedCanView: opts.unmappedCanView } : {}),
    });
  });
  await showWorkspace(opts.workspace, { json: opts.json });
}
