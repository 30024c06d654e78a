// Who hears of a change by direct message, and in which words: a new assignee, each new responder
// (not the person who made the change), each person an escalation step pages (found in Slack by
// e-mail at delivery, so a page reaches them even with the channel muted). Pure: from the event alone.
import type { IncidentDomainEvent } from '../../domain/events.js';
import { attribute, parseSlackRef } from './attribution.js';
import { safeMrkdwn } from './text.js';

export type DmNotice =
  /** The Slack user, in the workspace the notice is for. */
  | { user: string; email?: undefined; text: string }
  /** A person known by e-mail (an escalation target): their Slack user is looked up at delivery. */
  | { user?: undefined; email: string; text: string };

export function dmNotices(e: IncidentDomainEvent, teamId: string): DmNotice[] {
  const d = e.timelineEvent.details;
  const actor = e.timelineEvent.actor;
  const who = attribute(actor, teamId);
  const title = `*#${e.incident.id} ${safeMrkdwn(e.incident.title, 150)}*`;
  const inTeam = (p: unknown): string | null => {
    const ref = parseSlackRef((p as { ref?: string | null } | null)?.ref);
    return ref && ref.teamId === teamId && ref.userId !== parseSlackRef(actor.ref)?.userId ? ref.userId : null;
  };
  switch (e.type) {
    case 'reassigned': {
      const user = inTeam(d.to);
      return user ? [{ user, text: `👤 ${who} assigned you ${title}` }] : [];
    }
    case 'responders_added':
      return (Array.isArray(d.added) ? d.added : [])
        .map(inTeam)
        .filter((u): u is string => u !== null)
        .map((user) => ({ user, text: `🙋 ${who} asked you to help with ${title}` }));
    case 'escalated': {
      const people = Array.isArray(d.target_people) ? (d.target_people as { name: string; email: string | null; via?: string }[]) : [];
      const step = typeof d.step === 'number' ? `step ${d.step}` : 'escalation';
      const seen = new Set<string>();
      return people.flatMap((p) => {
        const email = p.email?.toLowerCase();
        // Whoever pressed "Escalate now" is not paged about their own press.
        if (!email || seen.has(email) || (actor.userId !== undefined && p.name === actor.name)) return [];
        seen.add(email);
        const why = `${step}${p.via ? `, on call for ${safeMrkdwn(p.via, 100)}` : ''}`;
        const text = d.manual === true ? `📣 ${who} escalated ${title} to you (${why}): it needs attention` : `📣 You are paged for ${title} (${why}): it is still unacknowledged`;
        return [{ email, text }];
      });
    }
    default:
      return [];
  }
}
