// /opsknight status: counts by status and urgency, the oldest unacknowledged, and Slack delivery health.
import { dateToken, safeMrkdwn } from '../render/text.js';
import type { SlackDeps } from '../interactions/context.js';
import { INCIDENT_STATUSES, URGENCIES } from '../../domain/model.js';

export function statusCommand(deps: SlackDeps) {
  const count = (filter: Parameters<SlackDeps['incidents']['list']>[0]) => deps.incidents.list({ ...filter, limit: 1, offset: 0 }).total;
  const byStatus = INCIDENT_STATUSES.filter((s) => s !== 'RESOLVED').map((s) => `${s.toLowerCase()}: *${count({ status: [s], limit: 1, offset: 0 })}*`);
  const byUrgency = URGENCIES.map((u) => `${u.toLowerCase()}: *${count({ status: ['OPEN', 'ACKNOWLEDGED', 'SNOOZED'], urgency: [u], limit: 1, offset: 0 })}*`);
  const oldestOpen = deps.incidents.list({ status: ['OPEN'], limit: 1, offset: 0, order: 'oldest' }).incidents[0];
  const health = deps.deliveryHealth?.();
  const lines = [
    '*OpsKnight status*',
    `Unresolved by status — ${byStatus.join(' · ')}`,
    `Unresolved by urgency — ${byUrgency.join(' · ')}`,
    oldestOpen
      ? `Oldest unacknowledged: <${deps.incidentUrl(oldestOpen.id)}|#${oldestOpen.id}> ${safeMrkdwn(oldestOpen.title, 120)} (triggered ${dateToken(oldestOpen.createdAt, '{ago}')})`
      : 'Oldest unacknowledged: none 🎉',
    health ? `Slack delivery: ${health.status} — ${health.pending} waiting, ${health.failed} failed` : 'Slack delivery: unknown',
    ...(deps.healthSummary ? [`Health: ${safeMrkdwn(deps.healthSummary(), 300)} (details: \`opsknight-slack doctor\`)`] : []),
  ];
  return { response_type: 'ephemeral', text: lines.join('\n') };
}
