// An alert-storm digest: many incidents of one channel in one message, each line with its state, a
// link, and a menu to acknowledge, resolve or snooze it from Slack. Edited in place as they change.
import type { PlainTextOption } from '@slack/types';
import type { Incident } from '../../domain/model.js';
import { ACTION } from '../action-ids.js';
import { URGENCY_STYLE, type Block, type RenderedMessage } from './incident-message.js';
import { safeMrkdwn } from './text.js';

/** Slack allows 50 blocks a message; two go to the heading. */
export const DIGEST_MAX_INCIDENTS = 45;

const STATUS_WORD = { OPEN: 'open', ACKNOWLEDGED: 'acknowledged', SNOOZED: 'snoozed', RESOLVED: 'resolved' } as const;

const option = (text: string, value: string, url?: string): PlainTextOption => ({ text: { type: 'plain_text', text }, value, ...(url ? { url } : {}) });

export function renderDigest(incidents: Incident[], incidentUrl: (id: number) => string): RenderedMessage {
  const open = incidents.filter((i) => i.status !== 'RESOLVED').length;
  const heading = `⚠️ *Alert storm:* ${incidents.length} incidents arrived together (${open} unresolved). They are listed here rather than one message each.`;
  const lines: Block[] = incidents.map((i) => {
    const done = i.status === 'RESOLVED';
    const title = safeMrkdwn(i.title, 120);
    return {
      type: 'section',
      block_id: `digest_${i.id}`,
      text: { type: 'mrkdwn', text: `${URGENCY_STYLE[i.urgency].emoji} <${incidentUrl(i.id)}|#${i.id}> ${done ? `~${title}~` : `*${title}*`} · \`${i.serviceSlug}\` · _${STATUS_WORD[i.status]}_` },
      ...(done
        ? {}
        : {
            accessory: {
              type: 'overflow' as const,
              action_id: ACTION.digestMenu,
              options: [
                ...(i.status === 'ACKNOWLEDGED' ? [] : [option('Acknowledge', `${i.id}:ack`)]),
                option('Resolve', `${i.id}:resolve`),
                option('Snooze 1 hour', `${i.id}:snooze:1h`),
                option('View', `${i.id}:view`, incidentUrl(i.id)),
              ],
            },
          }),
    };
  });
  const worst = incidents.some((i) => i.urgency === 'HIGH') ? 'HIGH' : incidents.some((i) => i.urgency === 'MEDIUM') ? 'MEDIUM' : 'LOW';
  const text = `Alert storm: ${incidents.length} incidents (${open} unresolved)`;
  return {
    text,
    blocks: [{ type: 'section', block_id: 'digest_heading', text: { type: 'mrkdwn', text: heading } }],
    attachments: [{ color: URGENCY_STYLE[worst].color, fallback: text, blocks: lines }],
  };
}
