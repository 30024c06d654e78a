// Who hears of a change by direct message, and in which words: a new assignee, each new responder
// (not the person who made the change). Pure: from the domain event alone.
import type { IncidentDomainEvent } from '../../domain/events.js';
import { attribute, parseSlackRef } from './attribution.js';
import { safeMrkdwn } from './text.js';

export interface DmNotice {
  /** The Slack user, in the workspace the notice is for. */
  user: string;
  text: string;
}

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
    default:
      return [];
  }
}
