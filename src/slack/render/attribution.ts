// Who did it, as Slack shows it: the Slack user when the action came from Slack in this workspace,
// the OpsKnight user's name otherwise, and "via Slack" when a Slack user could not be mapped.
import type { Actor } from '../../domain/model.js';
import { safeMrkdwn } from './text.js';

/** Names are people's; a few words at most, but never trusted to be short. */
const NAME_MAX = 80;

const SLACK_REF = /^slack:([A-Z0-9]+):([A-Z0-9]+)$/;

export function slackActorRef(teamId: string, userId: string): string {
  return `slack:${teamId}:${userId}`;
}

export function parseSlackRef(ref: string | null | undefined): { teamId: string; userId: string } | null {
  const m = ref ? SLACK_REF.exec(ref) : null;
  return m ? { teamId: m[1]!, userId: m[2]! } : null;
}

export function attribute(actor: Actor, teamId: string): string {
  const who = person(actor, teamId);
  // Acting on another team's incident, where the workspace allows it: said wherever the name is.
  return actor.outsideTeam ? `${who} (not on team ${safeMrkdwn(actor.outsideTeam, NAME_MAX)}, which owns it)` : who;
}

function person(actor: Actor, teamId: string): string {
  const slack = parseSlackRef(actor.ref);
  const mapped = actor.userId !== undefined && actor.userId !== null;
  if (slack && slack.teamId === teamId) return mapped ? `<@${slack.userId}>` : `<@${slack.userId}> (via Slack)`;
  if (slack && !mapped) return `${safeMrkdwn(actor.name, NAME_MAX)} (via Slack)`;
  return safeMrkdwn(actor.name, NAME_MAX);
}
