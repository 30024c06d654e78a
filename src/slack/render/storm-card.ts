// The storm card: one message per channel per alert storm, edited in place. It counts the storm's
// incidents by state, urgency and service, lists the most urgent and oldest (each with its menu to
// acknowledge, resolve or snooze it), links the rest on the storm page, and offers Acknowledge all /
// Resolve all behind Slack's confirmation dialog.
import type { ActionsBlock, Button, PlainTextElement, PlainTextOption } from '@slack/types';
import type { IncidentDomainEvent } from '../../domain/events.js';
import type { Incident } from '../../domain/model.js';
import { attribute } from './attribution.js';
import type { StormCounts } from '../../store/storm-repo.js';
import { ACTION } from '../action-ids.js';
import { URGENCY_STYLE, type Block, type RenderedMessage } from './incident-message.js';
import { safeMrkdwn } from './text.js';

/** Lines listed on the card; the rest are on the storm page. Slack allows 50 blocks a message. */
export const STORM_LISTED = 20;
const SERVICES_SHOWN = 8;

const STATUS_WORD = { OPEN: 'open', ACKNOWLEDGED: 'acknowledged', SNOOZED: 'snoozed', RESOLVED: 'resolved' } as const;
const n = (x: number) => x.toLocaleString('en-US');
const plain = (text: string): PlainTextElement => ({ type: 'plain_text', text });
const option = (text: string, value: string, url?: string): PlainTextOption => ({ text: plain(text), value, ...(url ? { url } : {}) });

export interface StormCard {
  digestId: number;
  counts: StormCounts;
  /** The first STORM_LISTED in card order (unresolved, most urgent, oldest). */
  listed: Incident[];
  incidentUrl: (id: number) => string;
  stormUrl?: (digestId: number) => string;
}

function line(i: Incident, incidentUrl: (id: number) => string): Block {
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
}

function bulkButtons(card: StormCard): ActionsBlock | null {
  const { byStatus } = card.counts;
  const unacknowledged = byStatus.OPEN + byStatus.SNOOZED;
  const unresolved = unacknowledged + byStatus.ACKNOWLEDGED;
  const elements: Button[] = [];
  if (unacknowledged > 0) {
    elements.push({
      type: 'button',
      action_id: ACTION.stormAcknowledgeAll,
      text: plain('Acknowledge all'),
      style: 'primary',
      value: String(card.digestId),
      confirm: { title: plain('Acknowledge all?'), text: { type: 'mrkdwn', text: `Acknowledge the ${n(unacknowledged)} unacknowledged incidents of this storm, as you.` }, confirm: plain('Acknowledge all'), deny: plain('Cancel') },
    });
  }
  if (unresolved > 0) {
    elements.push({
      type: 'button',
      action_id: ACTION.stormResolveAll,
      text: plain('Resolve all'),
      style: 'danger',
      value: String(card.digestId),
      confirm: { title: plain('Resolve all?'), text: { type: 'mrkdwn', text: `Resolve the ${n(unresolved)} unresolved incidents of this storm, as you.` }, confirm: plain('Resolve all'), deny: plain('Cancel'), style: 'danger' },
    });
  }
  if (card.stormUrl) elements.push({ type: 'button', action_id: ACTION.stormPage, text: plain('Storm page'), url: card.stormUrl(card.digestId) });
  return elements.length ? { type: 'actions', block_id: 'storm_actions', elements } : null;
}

export function renderStormCard(card: StormCard): RenderedMessage {
  const { counts, listed } = card;
  const unresolved = counts.total - counts.byStatus.RESOLVED;
  const heading = `⚠️ *Alert storm:* ${n(counts.total)} incidents arrived together (${n(unresolved)} unresolved). This card stands for all of them and is kept up to date.`;
  const byState = (['OPEN', 'ACKNOWLEDGED', 'SNOOZED', 'RESOLVED'] as const).filter((s) => counts.byStatus[s]).map((s) => `${n(counts.byStatus[s])} ${STATUS_WORD[s]}`);
  const byUrgency = (['HIGH', 'MEDIUM', 'LOW'] as const).filter((u) => counts.byUrgency[u]).map((u) => `${URGENCY_STYLE[u].emoji} ${n(counts.byUrgency[u])} ${u.toLowerCase()}`);
  const services = counts.byService.slice(0, SERVICES_SHOWN).map((s) => `\`${safeMrkdwn(s.service, 60)}\` ${n(s.count)}`);
  const otherServices = counts.byService.length - SERVICES_SHOWN;
  const summary = [
    `*State:* ${byState.join(' · ')}`,
    `*Urgency:* ${byUrgency.join(' · ')}`,
    `*Services:* ${services.join(' · ')}${otherServices > 0 ? ` · and ${n(otherServices)} more` : ''}`,
  ].join('\n');
  const more = counts.total - listed.length;
  const lines = listed.map((i) => line(i, card.incidentUrl));
  if (more > 0) {
    const where = card.stormUrl ? `<${card.stormUrl(card.digestId)}|the storm page>` : 'the storm page';
    lines.push({ type: 'context', block_id: 'storm_more', elements: [{ type: 'mrkdwn', text: `…and ${n(more)} more: all of them are on ${where}.` }] });
  }
  const buttons = bulkButtons(card);
  const worst = counts.byUrgency.HIGH ? 'HIGH' : counts.byUrgency.MEDIUM ? 'MEDIUM' : 'LOW';
  const text = `Alert storm: ${n(counts.total)} incidents (${n(unresolved)} unresolved)`;
  return {
    text,
    blocks: [
      { type: 'section', block_id: 'digest_heading', text: { type: 'mrkdwn', text: heading } },
      { type: 'section', block_id: 'storm_counts', text: { type: 'mrkdwn', text: summary } },
      ...(buttons ? [buttons] : []),
    ],
    attachments: [{ color: URGENCY_STYLE[worst].color, fallback: text, blocks: lines }],
  };
}

const BULK_WORDS: Partial<Record<IncidentDomainEvent['type'], string>> = {
  acknowledged: '✅ Acknowledged',
  resolved: '🔧 Resolved',
  snoozed: '💤 Snoozed',
};

/** The one thread reply under a storm card for a bulk action: "✅ Acknowledged 9,950 incidents of this storm — by Jane". */
export function renderBulkReply(first: IncidentDomainEvent, count: number, teamId: string): string {
  const what = BULK_WORDS[first.type] ?? `${first.type.replace('_', ' ')}:`;
  return `${what} ${n(count)} incidents of this storm — by ${attribute(first.timelineEvent.actor, teamId)}`;
}
