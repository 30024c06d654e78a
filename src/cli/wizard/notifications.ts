// Step 6: notification events, urgency filter, per-service channels and urgency routes.
import { URGENCIES, type Urgency } from '../../domain/model.js';
import { DEFAULT_NOTIFICATION_SETTINGS, TOGGLEABLE_EVENTS, URGENCY_FILTERS, type ToggleableEvent, type UrgencyFilter } from '../../domain/routing.js';
import type { ChannelInfo } from '../../slack/channels.js';
import { chalk } from '../output.js';
import { findChannel } from './channel.js';
import { SetupError, type WizardContext } from './context.js';

const EVENT_LABELS: Record<ToggleableEvent, string> = {
  triggered: 'Incident triggered',
  acknowledged: 'Incident acknowledged',
  resolved: 'Incident resolved',
  escalated: 'Incident escalated',
  sla_breached: 'SLA breached',
  note_added: 'Note added',
  snoozed: 'Snoozed',
  woken: 'Snooze ended',
  reassigned: 'Reassigned',
  responders_added: 'Responders added',
  unacknowledged: 'Unacknowledged',
  reopened: 'Reopened',
  urgency_changed: 'Urgency changed',
};

function parsePairs(list: string[] | undefined, what: string): [string, string][] {
  return (list ?? []).map((item) => {
    const i = item.indexOf('=');
    if (i < 1) throw new SetupError(`${what} "${item}" should look like key=#channel.`);
    return [item.slice(0, i).trim(), item.slice(i + 1).trim()];
  });
}

export async function configureNotifications(ctx: WizardContext, channels: ChannelInfo[]): Promise<void> {
  const { prompter, opts, plan, core } = ctx;
  const current = core.workspaces.get(plan.workspace!.teamId);
  const settings = current?.settings ?? DEFAULT_NOTIFICATION_SETTINGS;
  const currentRoutes = current ? core.workspaces.routes(current.teamId) : [];
  const services = core.directory.listServices();
  const channelFor = (ref: string) => {
    const c = findChannel(channels, ref);
    if (!c) throw new SetupError(`The bot cannot see ${ref} (private channels need /invite @OpsKnight first).`);
    return c.id;
  };

  let events: Record<ToggleableEvent, boolean> = { ...settings.events };
  let urgencyFilter: UrgencyFilter = settings.urgencyFilter;
  if (opts.events !== undefined) {
    const on = opts.events.split(',').map((e) => e.trim().replace(/-/g, '_')).filter(Boolean);
    for (const e of on) if (!TOGGLEABLE_EVENTS.includes(e as ToggleableEvent)) throw new SetupError(`Unknown event "${e}": use ${TOGGLEABLE_EVENTS.join(', ')}.`);
    events = Object.fromEntries(TOGGLEABLE_EVENTS.map((e) => [e, on.includes(e)])) as Record<ToggleableEvent, boolean>;
  }
  if (opts.urgencyFilter !== undefined) {
    const f = opts.urgencyFilter.replace(/[-+ ]+/g, '_') as UrgencyFilter;
    if (!URGENCY_FILTERS.includes(f)) throw new SetupError('--urgency-filter must be all, high or high_medium.');
    urgencyFilter = f;
  }
  for (const [service, ref] of parsePairs(opts.route, '--route')) {
    if (!services.some((s) => s.slug === service)) throw new SetupError(`--route: unknown service "${service}".`);
    plan.serviceRoutes.push({ service, channelId: ref === '' || ref === 'default' ? null : channelFor(ref) });
  }
  for (const [u, ref] of parsePairs(opts.urgencyRoute, '--urgency-route')) {
    const urgency = u.toUpperCase() as Urgency;
    if (!URGENCIES.includes(urgency)) throw new SetupError(`--urgency-route: "${u}" is not high, medium or low.`);
    plan.urgencyRoutes.push({ urgency, channelId: ref === '' || ref === 'none' ? null : channelFor(ref) });
  }

  if (ctx.interactive) {
    prompter.say(chalk.bold('\n6. Notifications'));
    const chosen = await prompter.checkbox({
      message: 'Post these events (a switched-off event still updates the message in place)',
      choices: TOGGLEABLE_EVENTS.map((e) => ({ name: EVENT_LABELS[e], value: e, checked: events[e] })),
    });
    events = Object.fromEntries(TOGGLEABLE_EVENTS.map((e) => [e, chosen.includes(e)])) as Record<ToggleableEvent, boolean>;
    urgencyFilter = await prompter.select({
      message: 'Which incidents are posted?',
      choices: [
        { name: 'All (HIGH, MEDIUM, LOW)', value: 'all' as UrgencyFilter },
        { name: 'High only', value: 'high' as UrgencyFilter },
        { name: 'High + Medium', value: 'high_medium' as UrgencyFilter },
      ],
      default: urgencyFilter,
    });
    const channelChoices = [{ name: '(default channel)', value: '' }, ...channels.map((c) => ({ name: `${c.isPrivate ? '🔒' : '#'}${c.name}`, value: c.id }))];
    if (!opts.route && services.length && (await prompter.confirm({ message: 'Give some services their own channel?', default: false }))) {
      for (const s of services) {
        const existing = currentRoutes.find((r) => r.serviceSlug === s.slug && r.urgency === null)?.channelId ?? '';
        const id = await prompter.select({ message: `Channel for ${s.name} (${s.slug})`, choices: channelChoices, default: existing });
        plan.serviceRoutes.push({ service: s.slug, channelId: id || null });
      }
    }
    if (!opts.urgencyRoute && (await prompter.confirm({ message: 'Route an urgency to its own channel (e.g. HIGH → #incidents-critical)?', default: false }))) {
      for (const u of URGENCIES) {
        const existing = currentRoutes.find((r) => r.serviceSlug === null && r.urgency === u)?.channelId ?? '';
        const id = await prompter.select({ message: `Channel for ${u} incidents`, choices: channelChoices.map((c) => (c.value === '' ? { ...c, name: '(no urgency route)' } : c)), default: existing });
        plan.urgencyRoutes.push({ urgency: u, channelId: id || null });
      }
    }
  }
  plan.settings = { events, urgencyFilter };
}
