// The card's overflow menu ("⋯") and the assignee/responders fields. Pure: from state alone. An
// overflow menu holds 2 to 5 options, so each status offers the five (or two) that make sense. On an
// open card "Start incident channel" takes the fifth place; "Add note…" stays on resolved cards, and
// on open ones a note is a reply in the thread kept with the "Add to incident timeline" shortcut.
import type { MrkdwnElement, Overflow } from '@slack/types';
import type { Incident } from '../../domain/model.js';
import { ACTION, MORE, type MoreVerb } from '../action-ids.js';
import { parseSlackRef } from './attribution.js';
import { safeMrkdwn } from './text.js';

const LABELS: Record<MoreVerb, string> = {
  [MORE.reassign]: '👤 Reassign…',
  [MORE.addResponders]: '🙋 Add responders…',
  [MORE.escalate]: '📣 Escalate now',
  [MORE.unacknowledge]: '↩️ Unacknowledge',
  [MORE.reopen]: '🔁 Reopen',
  [MORE.urgency]: '🚦 Change urgency…',
  [MORE.note]: '📝 Add note…',
  [MORE.startChannel]: '💬 Start incident channel',
};

export function moreVerbs(i: Incident): MoreVerb[] {
  switch (i.status) {
    case 'RESOLVED':
      return [MORE.reopen, MORE.note];
    case 'ACKNOWLEDGED':
      return [MORE.startChannel, MORE.reassign, MORE.addResponders, MORE.unacknowledge, MORE.urgency];
    default:
      return [MORE.startChannel, MORE.reassign, MORE.addResponders, MORE.escalate, MORE.urgency];
  }
}

export function moreActionsMenu(i: Incident): Overflow {
  return {
    type: 'overflow',
    action_id: ACTION.more,
    options: moreVerbs(i).map((verb) => ({ text: { type: 'plain_text', text: LABELS[verb], emoji: true }, value: `${i.id}:${verb}` })),
  };
}

/** A person asked to help: their Slack mention in the workspace they are from, else their name. */
export function mention(person: { name: string; ref?: string | null }, teamId: string): string {
  const slack = parseSlackRef(person.ref);
  return slack && slack.teamId === teamId ? `<@${slack.userId}>` : safeMrkdwn(person.name, 80);
}

/** "Assignee" and "Responders" fields, when there are any: Slack users of this workspace mentioned. */
export function peopleFields(i: Incident, teamId: string): MrkdwnElement[] {
  const out: MrkdwnElement[] = [];
  if (i.assignee) out.push({ type: 'mrkdwn', text: `*Assignee*\n${mention({ name: i.assignee, ref: i.assigneeRef }, teamId)}` });
  if (i.responders.length) {
    const names = i.responders.map((r) => mention(r, teamId)).join(', ');
    // A field holds 2000 characters: a crowd is counted instead of listed.
    out.push({ type: 'mrkdwn', text: `*Responders*\n${names.length > 1900 ? `${i.responders.length} people` : names}` });
  }
  return out;
}
