// /opsknight incidents: the open incidents the caller may see, most urgent and oldest first, each with its buttons.
import type { KnownBlock } from '@slack/types';
import { incidentActions, URGENCY_STYLE } from '../render/incident-message.js';
import { dateToken, safeMrkdwn } from '../render/text.js';
import type { SlackDeps } from '../interactions/context.js';

const SHOWN = 10;

/** `serviceSlugs`: only incidents of these services (what the caller may see); undefined: all. */
export function incidentsCommand(deps: SlackDeps, teamId: string, serviceSlugs?: readonly string[]) {
  const { incidents, total } = deps.incidents.list({ status: ['OPEN', 'ACKNOWLEDGED', 'SNOOZED'], serviceSlugs, limit: SHOWN, offset: 0, order: 'triage' });
  if (!total) return { response_type: 'ephemeral', text: '🎉 No open incidents.' };
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${total} open incident${total === 1 ? '' : 's'}*${total > SHOWN ? ` (the ${SHOWN} most urgent shown)` : ''}` } },
  ];
  for (const i of incidents) {
    const s = URGENCY_STYLE[i.urgency];
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${s.emoji} *<${deps.incidentUrl(i.id)}|#${i.id}> ${safeMrkdwn(i.title, 150)}*\n\`${i.serviceSlug}\` · ${i.status.toLowerCase()} · triggered ${dateToken(i.triggeredAt, '{ago}')}`,
      },
    });
    blocks.push(incidentActions(i, { teamId, incidentUrl: deps.incidentUrl }));
  }
  return { response_type: 'ephemeral', text: `${total} open incidents`, blocks };
}
