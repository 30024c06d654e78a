// Renders an incident as a Slack message: pure, from state alone. The colour bar is an attachment
// (the only place Slack draws one); everything in it is Block Kit.
import type { ActionsBlock, Button, KnownBlock, MrkdwnElement } from '@slack/types';
import { formatDuration } from '../../domain/duration.js';
import type { Incident, Service, Urgency } from '../../domain/model.js';
import { ACTION, SNOOZE_CHOICES } from '../action-ids.js';
import { moreActionsMenu, peopleFields } from './more-menu.js';
import { attribute } from './attribution.js';
import { incidentContextBlocks } from './incident-context.js';
import { dateToken, safeMrkdwn } from './text.js';

/** A Block Kit block, as Slack's own types define them (@slack/types). */
export type Block = KnownBlock;

export interface RenderedMessage {
  text: string;
  blocks?: Block[];
  attachments: { color: string; fallback: string; blocks: Block[] }[];
}

export const URGENCY_STYLE: Record<Urgency, { color: string; emoji: string; label: string }> = {
  HIGH: { color: '#E01E5A', emoji: '🔴', label: 'HIGH URGENCY' },
  MEDIUM: { color: '#ECB22E', emoji: '🟡', label: 'MEDIUM URGENCY' },
  LOW: { color: '#1264A3', emoji: '🔵', label: 'LOW URGENCY' },
};

export const TITLE_MAX = 200;
export const NOTE_MAX = 1500;

export interface RenderContext {
  /** The workspace the message is for: Slack users of this workspace are shown as mentions. */
  teamId: string;
  incidentUrl: (id: number) => string;
  service?: Pick<Service, 'name' | 'slug'> | null;
}

export function statusLine(i: Incident, teamId: string): string {
  switch (i.status) {
    case 'OPEN':
      return '🔴 Open';
    case 'ACKNOWLEDGED':
      return `✅ Acknowledged by ${i.acknowledgedBy ? attribute(i.acknowledgedBy, teamId) : 'someone'}`;
    case 'SNOOZED':
      return `💤 Snoozed until ${i.snoozedUntil ? dateToken(i.snoozedUntil, '{date_short_pretty} {time}') : '?'}`;
    case 'RESOLVED':
      return `🔧 Resolved by ${i.resolvedBy ? attribute(i.resolvedBy, teamId) : 'someone'}`;
  }
}

/** The plain one-line summary used for notifications, screen readers and the fallback text. */
export function fallbackText(i: Incident): string {
  const style = URGENCY_STYLE[i.urgency];
  // Slack parses a message's text for mentions too: escaped like everything else.
  return `${style.emoji} ${style.label}: Incident #${i.id} ${safeMrkdwn(i.title, 150)} (${i.serviceSlug}) is ${i.status}`;
}

export function incidentActions(i: Incident, ctx: RenderContext): ActionsBlock {
  const url = ctx.incidentUrl(i.id);
  // The link's expiry rides along, so a click on an old message can be answered with a fresh link.
  const expires = /[?&]e=(\d+)/.exec(url)?.[1];
  const view: Button = {
    type: 'button',
    action_id: ACTION.view,
    text: { type: 'plain_text', text: 'View in OpsKnight', emoji: true },
    url,
    value: expires ? `${i.id}:e${expires}` : String(i.id),
  };
  if (i.status === 'RESOLVED') return { type: 'actions', block_id: `incident_actions_${i.id}`, elements: [view, moreActionsMenu(i)] };
  const acked = i.status === 'ACKNOWLEDGED';
  return {
    type: 'actions',
    block_id: `incident_actions_${i.id}`,
    elements: [
      {
        type: 'button',
        action_id: ACTION.acknowledge,
        text: { type: 'plain_text', text: acked ? 'Acknowledged ✓' : 'Acknowledge', emoji: true },
        value: String(i.id),
        ...(acked ? {} : { style: 'primary' as const }),
      },
      {
        type: 'button',
        action_id: ACTION.resolve,
        text: { type: 'plain_text', text: 'Resolve', emoji: true },
        value: String(i.id),
        style: 'danger',
      },
      view,
      {
        type: 'static_select',
        action_id: ACTION.snooze,
        placeholder: { type: 'plain_text', text: i.status === 'SNOOZED' ? 'Snooze again' : 'Snooze', emoji: true },
        options: SNOOZE_CHOICES.map((c) => ({ text: { type: 'plain_text', text: c.label }, value: `${i.id}:${c.value}` })),
      },
      moreActionsMenu(i),
    ],
  };
}

export function renderIncidentMessage(i: Incident, ctx: RenderContext): RenderedMessage {
  const style = URGENCY_STYLE[i.urgency];
  const title = safeMrkdwn(i.title, TITLE_MAX);
  const serviceName = ctx.service ? `${safeMrkdwn(ctx.service.name, 100)} (\`${i.serviceSlug}\`)` : `\`${i.serviceSlug}\``;
  const fields: MrkdwnElement[] = [
    { type: 'mrkdwn', text: `*Service*\n${serviceName}` },
    { type: 'mrkdwn', text: `*Status*\n${statusLine(i, ctx.teamId)}` },
    { type: 'mrkdwn', text: `*Triggered*\n${dateToken(i.triggeredAt, '{ago}')}` },
    { type: 'mrkdwn', text: `*Incident*\n#${i.id}` },
  ];
  if (i.components.length) {
    fields.push({ type: 'mrkdwn', text: `*Affected components*\n${safeMrkdwn(i.components.join(', '), 500)}` });
  }
  if (i.triggerCount > 1) fields.push({ type: 'mrkdwn', text: `*Triggers*\n${i.triggerCount}` });
  fields.push(...peopleFields(i, ctx.teamId));

  // The urgency line sits above the card; with top-level blocks present, `text` is only the
  // notification and screen-reader fallback, not shown twice.
  const top: Block[] = [{ type: 'section', block_id: 'incident_urgency', text: { type: 'mrkdwn', text: `${style.emoji} *${style.label}*` } }];
  const blocks: Block[] = [
    { type: 'section', block_id: 'incident_title', text: { type: 'mrkdwn', text: `*<${ctx.incidentUrl(i.id)}|#${i.id}>  ${title}*` } },
    { type: 'section', block_id: 'incident_fields', fields },
  ];
  if (i.description) {
    blocks.push({ type: 'section', block_id: 'incident_description', text: { type: 'mrkdwn', text: safeMrkdwn(i.description, 600) } });
  }
  blocks.push(...incidentContextBlocks(i));
  if (i.status === 'RESOLVED') {
    const ttr = i.resolvedAt ? formatDuration(i.resolvedAt.getTime() - i.triggeredAt.getTime()) : null;
    const note = i.resolutionNote ? `\n*Resolution:* ${safeMrkdwn(i.resolutionNote, NOTE_MAX)}` : '';
    blocks.push({
      type: 'section',
      block_id: 'incident_resolution',
      text: { type: 'mrkdwn', text: `🔧 Resolved${ttr ? ` in ${ttr}` : ''} by ${i.resolvedBy ? attribute(i.resolvedBy, ctx.teamId) : 'someone'}${note}` },
    });
  }
  blocks.push(incidentActions(i, ctx));
  const fallback = fallbackText(i);
  return { text: fallback, blocks: top, attachments: [{ color: style.color, fallback, blocks }] };
}
