// /opsknight status (of the incidents the caller may see): counts by status and urgency, the oldest unacknowledged, and Slack delivery health.
import { changeLine } from '../render/change-line.js';
import { dateToken, safeMrkdwn } from '../render/text.js';
import type { SlackDeps } from '../interactions/context.js';
import { INCIDENT_STATUSES, URGENCIES } from '../../domain/model.js';

/** `serviceSlugs`: count only incidents of these services (what the caller may see); undefined: all. */
export function statusCommand(deps: SlackDeps, serviceSlugs?: readonly string[]) {
  const count = (filter: Parameters<SlackDeps['incidents']['list']>[0]) => deps.incidents.list({ ...filter, serviceSlugs, limit: 1, offset: 0 }).total;
  const byStatus = INCIDENT_STATUSES.filter((s) => s !== 'RESOLVED').map((s) => `${s.toLowerCase()}: *${count({ status: [s], limit: 1, offset: 0 })}*`);
  const byUrgency = URGENCIES.map((u) => `${u.toLowerCase()}: *${count({ status: ['OPEN', 'ACKNOWLEDGED', 'SNOOZED'], urgency: [u], limit: 1, offset: 0 })}*`);
  const oldestOpen = deps.incidents.list({ status: ['OPEN'], serviceSlugs, limit: 1, offset: 0, order: 'oldest' }).incidents[0];
  const health = deps.deliveryHealth?.();
  const lines = [
    '*OpsKnight status*',
    `Unresolved by status — ${byStatus.join(' · ')}`,
    `Unresolved by urgency — ${byUrgency.join(' · ')}`,
    oldestOpen
      ? `Oldest unacknowledged: <${deps.incidentUrl(oldestOpen.id)}|#${oldestOpen.id}> ${safeMrkdwn(oldestOpen.title, 120)} (triggered ${dateToken(oldestOpen.triggeredAt, '{ago}')})`
      : 'Oldest unacknowledged: none 🎉',
    ...recentChanges(deps, serviceSlugs),
    health ? `Slack delivery: ${health.status} — ${health.pending} waiting, ${health.failed} failed` : 'Slack delivery: unknown',
    ...(deps.healthSummary ? [`Health: ${safeMrkdwn(deps.healthSummary(), 300)} (details: \`opsknight-slack doctor\`)`] : []),
  ];
  return { response_type: 'ephemeral', text: lines.join('\n') };
}

/** Changes of the last day on services that have unresolved incidents: the first thing responders ask about. */
function recentChanges(deps: SlackDeps, serviceSlugs: readonly string[] | undefined): string[] {
  if (!deps.changes) return [];
  const open = deps.incidents.list({ status: ['OPEN', 'ACKNOWLEDGED', 'SNOOZED'], serviceSlugs, limit: 200, offset: 0 }).incidents;
  const now = deps.clock.now();
  const changes = [...new Set(open.map((i) => i.serviceSlug))]
    .flatMap((slug) => deps.changes!.recentFor(slug, now))
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, 5);
  return changes.length ? ['Recent changes on services with open incidents:', ...changes.map((c) => `• ${changeLine({ ...c, service: c.serviceSlug })}`)] : [];
}
