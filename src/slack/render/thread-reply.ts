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
    case 'resolved': {
      const ttr = typeof d.time_to_resolve_ms === 'number' ? formatDuration(d.time_to_resolve_ms) : null;
      const note = typeof d.note === 'string' ? `\nResolution: ${safeMrkdwn(d.note, NOTE_MAX)}` : '';
      return { text: `🔧 Resolved by ${who} ${ago}${note}${ttr ? `\nTime to resolve: ${ttr}` : ''}`, broadcast: false };
    }
    case 'snoozed':
      return {
        text: `💤 Snoozed by ${who} until ${i.snoozedUntil ? dateToken(i.snoozedUntil, '{date_short_pretty} {time}') : '?'}${typeof d.duration_ms === 'number' ? ` (${formatDuration(d.duration_ms)})` : ''}`,
        broadcast: false,
      };
    case 'woken':
      return { text: `⏰ Snooze is over: incident #${i.id} is open again and needs attention`, broadcast: true };
    case 'escalated': {
      const people = Array.isArray(d.target_people) ? (d.target_people as ThreadReply['mentions'])! : [];
      if (d.manual === true) {
        return {
          text: `📣 ${who} escalated now to ${people.length ? TARGETS_PLACEHOLDER : 'the next responder'}${typeof d.step === 'number' ? ` (step ${d.step})` : ''}: incident #${i.id} needs attention`,
          broadcast: true,
          mentions: people,
        };
      }
      return {
        text: `📣 Escalated to ${people.length ? TARGETS_PLACEHOLDER : 'the next responder'}${typeof d.step === 'number' ? ` (step ${d.step})` : ''}: incident #${i.id} is still unacknowledged`,
        broadcast: true,
        mentions: people,
      };
    }
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
    case 'note_added': {
      const author = d.author as { name: string; ref?: string | null } | undefined;
      // Only a plain http(s) link can sit inside <…|…> without breaking the message.
      const origin = typeof d.link === 'string' && /^https?:\/\/[^\s<>|]+$/.test(d.link) ? ` (<${d.link}|a message>${author ? ` by ${mention(author, teamId)}` : ''})` : '';
      return { text: `📝 Note from ${who} ${ago}${origin}: ${safeMrkdwn(String(d.text ?? ''), NOTE_MAX)}`, broadcast: false };
    }
    default:
      return null;
  }
}
