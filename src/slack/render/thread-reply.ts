// Thread replies for status changes under the incident's message.
import { formatDuration } from '../../domain/duration.js';
import type { IncidentDomainEvent } from '../../domain/events.js';
import { attribute } from './attribution.js';
import { NOTE_MAX } from './incident-message.js';
import { mention } from './more-menu.js';
import { dateToken, safeMrkdwn } from './text.js';

export interface ThreadReply {
  text: string;
  /** Also shown in the channel (wake-ups and escalations). */
  broadcast: boolean;
  /** People to mention: "{{targets}}" in the text becomes their Slack mentions at delivery. */
  mentions?: { name: string; email: string | null; via?: string }[];
}

export const TARGETS_PLACEHOLDER = '{{targets}}';

export function renderThreadReply(e: IncidentDomainEvent, teamId: string): ThreadReply | null {
  const who = attribute(e.timelineEvent.actor, teamId);
  const d = e.timelineEvent.details;
  const i = e.incident;
  // "(2 min ago)" as the docs show it, as a date token: true for every reader however late they look.
  const ago = `(${dateToken(e.timelineEvent.at, '{ago}')})`;
  switch (e.type) {
    case 'acknowledged':
      return { text: `✅ Acknowledged by ${who} ${ago}`, broadcast: false };
    case 'resolved':
      return resolvedReply(who, ago, d);
    case 'snoozed':
      return snoozedReply(who, i.snoozedUntil, d);
    case 'woken':
      return { text: `⏰ Snooze is over: incident #${i.id} is open again and needs attention`, broadcast: true };
    case 'escalated':
      return escalatedReply(who, i.id, d);
    case 'sla_breached': {
      const kind = d.kind === 'resolve' ? 'resolved' : 'acknowledged';
      return { text: `⏱️ SLA breached: not ${kind} within ${String(d.target_minutes ?? '?')} minutes`, broadcast: false };
    }
    case 'reassigned': {
      const to = d.to as { name: string; ref?: string | null } | undefined;
      return { text: `👤 ${who} reassigned incident #${i.id} to ${to ? mention(to, teamId) : 'someone'}`, broadcast: false };
    }
    case 'responders_added': {
      const added = Array.isArray(d.added) ? (d.added as { name: string; ref?: string | null }[]) : [];
      return { text: `🙋 ${who} asked ${added.map((p) => mention(p, teamId)).join(', ')} to help with incident #${i.id}`, broadcast: false };
    }
    case 'unacknowledged':
      return { text: `↩️ ${who} unacknowledged incident #${i.id}: it is open again and escalation starts over`, broadcast: true };
    case 'reopened':
      return { text: `🔁 ${who} reopened incident #${i.id}: it is open again and escalation starts over`, broadcast: true };
    case 'urgency_changed':
      return { text: `🚦 ${who} changed the urgency from ${String(d.from)} to ${String(d.to)}`, broadcast: false };
    case 'note_added':
      return noteReply(who, ago, d, teamId);
    default:
      return null;
  }
}

type Details = IncidentDomainEvent['timelineEvent']['details'];

function resolvedReply(who: string, ago: string, d: Details): ThreadReply {
  const ttr = typeof d.time_to_resolve_ms === 'number' ? formatDuration(d.time_to_resolve_ms) : null;
  const note = typeof d.note === 'string' ? `\nResolution: ${safeMrkdwn(d.note, NOTE_MAX)}` : '';
  return { text: `🔧 Resolved by ${who} ${ago}${note}${ttr ? `\nTime to resolve: ${ttr}` : ''}`, broadcast: false };
}

function snoozedReply(who: string, until: Date | null, d: Details): ThreadReply {
  return {
    text: `💤 Snoozed by ${who} until ${until ? dateToken(until, '{date_short_pretty} {time}') : '?'}${typeof d.duration_ms === 'number' ? ` (${formatDuration(d.duration_ms)})` : ''}`,
    broadcast: false,
  };
}

function escalatedReply(who: string, incidentId: number, d: Details): ThreadReply {
  const people = Array.isArray(d.target_people) ? (d.target_people as ThreadReply['mentions'])! : [];
  const to = people.length ? TARGETS_PLACEHOLDER : 'the next responder';
  const step = typeof d.step === 'number' ? ` (step ${d.step})` : '';
  const text =
    d.manual === true
      ? `📣 ${who} escalated now to ${to}${step}: incident #${incidentId} needs attention`
      : `📣 Escalated to ${to}${step}: incident #${incidentId} is still unacknowledged`;
  return { text, broadcast: true, mentions: people };
}

function noteReply(who: string, ago: string, d: Details, teamId: string): ThreadReply {
  const author = d.author as { name: string; ref?: string | null } | undefined;
  // Only a plain http(s) link can sit inside <…|…> without breaking the message.
  const origin = typeof d.link === 'string' && /^https?:\/\/[^\s<>|]+$/.test(d.link) ? ` (<${d.link}|a message>${author ? ` by ${mention(author, teamId)}` : ''})` : '';
  return { text: `📝 Note from ${who} ${ago}${origin}: ${safeMrkdwn(String(d.text ?? ''), NOTE_MAX)}`, broadcast: false };
}
