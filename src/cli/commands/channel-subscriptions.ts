// channels subscribe|unsubscribe|explain: channels that take incidents by their own filter, and
// every channel an incident would reach (one card each), with the reasons.
import type { Urgency } from '../../domain/model.js';
import { channelsForIncident, describeSubscription, eventEnabled, passesUrgencyFilter, routeIncident } from '../../domain/routing.js';
import { ChannelLookupError, channelLabel, resolveChannel } from '../../slack/channels.js';
import { UserError } from '../errors.js';
import { parseIncidentId, withCore } from '../context.js';
import { chalk, print, printJson } from '../output.js';
import { slackCall, workspaceFor } from '../slack-context.js';

interface Opts {
  workspace?: string;
  json?: boolean;
}

/** "high,medium" (checked by listOf while parsing) → ['HIGH', 'MEDIUM']; absent: any. */
const urgencyList = (v: string | undefined): Urgency[] | null => (v ? [...new Set(v.split(',').map((u) => u.trim().toUpperCase() as Urgency))] : null);
const serviceList = (v: string | undefined): string[] | null => (v ? [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))] : null);

export async function subscribeChannel(ref: string, opts: Opts & { service?: string; urgency?: string }): Promise<void> {
  const services = serviceList(opts.service);
  const urgencies = urgencyList(opts.urgency);
  await withCore(async (core) => {
    for (const slug of services ?? []) core.directory.getService(slug);
    const { workspace, client } = await workspaceFor(core, opts.workspace);
    let channel;
    try {
      channel = await slackCall(() => resolveChannel(client, core.workspaces, workspace.teamId, ref));
    } catch (err) {
      if (err instanceof ChannelLookupError) throw new UserError(err.message);
      throw err;
    }
    const subscription = { channelId: channel.id, services, urgencies };
    core.workspaces.subscribe(workspace.teamId, subscription, core.clock.now());
    if (opts.json) return printJson({ workspace: workspace.teamId, channel: channel.id, channel_name: channel.name, services, urgencies });
    print(chalk.green(`#${channel.name} in ${workspace.teamName} now gets a card for every incident of ${describeSubscription(subscription)}.`));
  });
}

export async function unsubscribeChannel(ref: string, opts: Opts): Promise<void> {
  await withCore(async (core) => {
    const { workspace } = await workspaceFor(core, opts.workspace);
    const name = ref.replace(/^#/, '');
    const found = core.workspaces.subscriptions(workspace.teamId).find((s) => s.channelId === ref || core.workspaces.channelName(workspace.teamId, s.channelId) === name);
    if (!found || !core.workspaces.unsubscribe(workspace.teamId, found.channelId)) {
      throw new UserError(`${ref} has no subscription in ${workspace.teamName}; see \`opsknight-slack channels routes\`.`);
    }
    if (opts.json) return printJson({ workspace: workspace.teamId, channel: found.channelId, removed: true });
    print(`${channelLabel(core.workspaces, workspace.teamId, found.channelId)} no longer gets incidents by subscription (routes still apply).`);
  });
}

/** Every channel an incident (or a service + urgency) would reach in a workspace, and why. */
export async function explainChannels(incident: string | undefined, opts: Opts & { service?: string; urgency?: string }): Promise<void> {
  if (!incident && (!opts.service || !opts.urgency)) throw new UserError('Give an incident number, or both --service and --urgency.', 2);
  if (incident && (opts.service || opts.urgency)) throw new UserError('Give an incident number or --service/--urgency, not both.', 2);
  await withCore(async (core) => {
    const id = incident ? parseIncidentId(incident) : null;
    const subject = id !== null ? core.incidents.get(id).incident : null;
    const service = subject?.serviceSlug ?? opts.service!;
    const urgency = subject?.urgency ?? (opts.urgency!.toUpperCase() as Urgency);
    if (!subject) core.directory.getService(service);
    const { workspace } = await workspaceFor(core, opts.workspace);
    const routed = routeIncident({ defaultChannel: workspace.defaultChannel, routes: core.workspaces.routes(workspace.teamId) }, service, urgency);
    const targets = channelsForIncident(core.workspaces.routingTable(workspace.teamId, workspace.defaultChannel), service, urgency);
    const filtered = !passesUrgencyFilter(workspace.settings.urgencyFilter, urgency);
    const silenced = !eventEnabled(workspace.settings, 'triggered');
    const cards = id !== null ? core.outbox.messages(id, workspace.teamId) : [];
    const name = (c: string) => core.workspaces.channelName(workspace.teamId, c);
    if (opts.json) {
      return printJson({
        workspace: workspace.teamId,
        incident: id,
        // The routed channel and its reason, as before subscriptions (null: no route and no default).
        channel: routed?.channelId ?? null,
        reason: routed?.reason ?? 'no route and no default channel',
        service,
        urgency,
        channels: filtered || silenced ? [] : targets.map((t) => ({ channel: t.channelId, channel_name: name(t.channelId), reasons: t.reasons })),
        would_match: targets.map((t) => ({ channel: t.channelId, channel_name: name(t.channelId), reasons: t.reasons })),
        filtered_by_urgency: filtered,
        triggered_notifications_off: silenced,
        ...(id !== null ? { cards: cards.map((c) => ({ channel: c.channelId, channel_name: name(c.channelId), ts: c.ts, posted: c.ts !== null })) } : {}),
      });
    }
    const what = subject ? `Incident #${subject.id} (${urgency}, ${service})` : `A ${urgency} incident of ${service}`;
    if (!targets.length) print(`${what} is not posted in ${workspace.teamName}: no route, no subscription and no default channel matches.`);
    else if (targets.length === 1) print(`${what} goes to ${channelLabel(core.workspaces, workspace.teamId, targets[0]!.channelId)} in ${workspace.teamName}, by the ${targets[0]!.reasons.join(' and the ')}.`);
    else {
      print(`${what} goes to ${targets.length} channels in ${workspace.teamName}, one card each:`);
      for (const t of targets) print(`  ${channelLabel(core.workspaces, workspace.teamId, t.channelId)} — by the ${t.reasons.join(' and the ')}`);
    }
    if (filtered) print(chalk.yellow(`…but the urgency filter (${workspace.settings.urgencyFilter}) keeps ${urgency} incidents out of Slack.`));
    if (silenced) print(chalk.yellow('…but "triggered" notifications are switched off for this workspace.'));
    if (id !== null) {
      print(cards.length ? `Its cards: ${cards.map((c) => `${channelLabel(core.workspaces, workspace.teamId, c.channelId)}${c.ts ? '' : ' (waiting to be posted)'}`).join(', ')}.` : 'It has no card in this workspace.');
    }
  });
}
