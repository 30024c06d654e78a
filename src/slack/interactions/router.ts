// One table routes every Slack interaction to its handler by stable action, callback or command id.
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { publishHome } from '../events/app-home-opened.js';
import { ACTION, MORE, SHORTCUT_ADD_TO_TIMELINE, SHORTCUT_CREATE_INCIDENT, VIEW, type MoreVerb } from '../action-ids.js';
import { helpCommand } from '../commands/help.js';
import { incidentsCommand } from '../commands/incidents.js';
import { oncallCommand } from '../commands/oncall.js';
import { resolveCommand } from '../commands/resolve.js';
import { statusCommand } from '../commands/status.js';
import { channelCommand } from '../commands/channel.js';
import { startChannel, workflowMenu } from './workflow-menu.js';
import { acknowledge } from './acknowledge.js';
import { openAddNote, submitAddNote } from './add-note.js';
import { openAddResponders, submitAddResponders } from './add-responders.js';
import type { CardClick } from './card-modal.js';
import { openChangeUrgency, submitChangeUrgency } from './change-urgency.js';
import { escalateNow } from './escalate-now.js';
import { openReassign, submitReassign } from './reassign.js';
import { reopen } from './reopen.js';
import { addToTimeline, submitTimelineNote } from './timeline-shortcut.js';
import { unacknowledge } from './unacknowledge.js';
import { postToResponseUrl } from '../response-url.js';
import { InteractionContext, sendReplies, type Answer, type SlackDeps } from './context.js';
import { openCreateIncident } from './create-open.js';
import { submitCreateIncident } from './create-submit.js';
import { digestMenu } from './digest-menu.js';
import {
  blockActionsSchema,
  messageActionSchema,
  shortcutSchema,
  slashCommandSchema,
  viewClosedSchema,
  viewSubmissionSchema,
  type BlockActionsPayload,
  type ViewSubmissionPayload,
} from './payloads.js';
import { openResolve } from './resolve-open.js';
import { submitResolve } from './resolve-submit.js';
import { chooseSnooze } from './snooze-choose.js';
import { submitSnooze } from './snooze-submit.js';
import { stormBulk } from './storm-bulk.js';
import { viewClicked } from './view-link.js';

type ActionHandler = (ctx: InteractionContext, action: BlockActionsPayload['actions'][number], p: BlockActionsPayload) => Promise<void>;
type SubmitHandler = (ctx: InteractionContext, view: ViewSubmissionPayload['view']) => Promise<Answer>;

const actionValue = (a: BlockActionsPayload['actions'][number]) => a.value ?? a.selected_option?.value;
const channelOf = (p: BlockActionsPayload) => p.channel?.id ?? p.container?.channel_id;

/** The card's overflow menu: one handler per item, by the verb its option value carries. */
export const MORE_ACTIONS: Record<MoreVerb, (ctx: InteractionContext, click: CardClick) => Promise<void>> = {
  [MORE.reassign]: openReassign,
  [MORE.addResponders]: openAddResponders,
  [MORE.escalate]: escalateNow,
  [MORE.unacknowledge]: unacknowledge,
  [MORE.reopen]: reopen,
  [MORE.urgency]: openChangeUrgency,
  [MORE.note]: openAddNote,
  [MORE.startChannel]: (ctx, click) => startChannel(ctx, click.incidentId),
};

async function moreAction(ctx: InteractionContext, a: BlockActionsPayload['actions'][number], p: BlockActionsPayload): Promise<void> {
  const m = /^(\d+):([a-z]+)$/.exec(actionValue(a) ?? '');
  const handler = m ? MORE_ACTIONS[m[2] as MoreVerb] : undefined;
  if (!m || !handler) return ctx.reply(`⚠️ This menu item (${actionValue(a) ?? 'empty'}) is not one OpsKnight knows. The message may be from an older version.`);
  await handler(ctx, { incidentId: Number(m[1]), triggerId: p.trigger_id, channelId: channelOf(p) });
}

export const BLOCK_ACTIONS: Record<string, ActionHandler> = {
  [ACTION.acknowledge]: (ctx, a) => acknowledge(ctx, actionValue(a)),
  [ACTION.resolve]: (ctx, a, p) => openResolve(ctx, actionValue(a), p.trigger_id, channelOf(p)),
  [ACTION.view]: (ctx, a) => viewClicked(ctx, actionValue(a)),
  [ACTION.snooze]: (ctx, a, p) => chooseSnooze(ctx, actionValue(a), p.trigger_id, channelOf(p)),
  [ACTION.digestMenu]: (ctx, a) => digestMenu(ctx, actionValue(a)),
  [ACTION.more]: moreAction,
  [ACTION.workflowMenu]: (ctx, a) => workflowMenu(ctx, actionValue(a)),
  [ACTION.stormAcknowledgeAll]: (ctx, a) => stormBulk(ctx, actionValue(a), 'acknowledge'),
  [ACTION.stormResolveAll]: (ctx, a) => stormBulk(ctx, actionValue(a), 'resolve'),
  // A link button: the browser opens the storm page and Slack tells us of the click; nothing to do.
  [ACTION.stormPage]: async () => {},
};

export const VIEW_SUBMISSIONS: Record<string, SubmitHandler> = {
  [VIEW.resolve]: submitResolve,
  [VIEW.snoozeCustom]: submitSnooze,
  [VIEW.createIncident]: submitCreateIncident,
  [VIEW.reassign]: submitReassign,
  [VIEW.addResponders]: submitAddResponders,
  [VIEW.urgency]: submitChangeUrgency,
  [VIEW.note]: submitAddNote,
  [VIEW.timelineNote]: submitTimelineNote,
};

export interface Dispatched {
  answer: Answer;
  /** Work left once Slack has its answer (private replies through response_url). */
  after?: () => Promise<void>;
}

const bad = (message: string): Dispatched => ({ answer: { status: 400, body: { error: 'bad_request', message } } });

/** Text for a team that is not installed here: Slack shows a 200 body's text to the user for commands. */
const notInstalled = (teamId: string | undefined): Dispatched => ({
  answer: { body: { response_type: 'ephemeral', text: `This Slack workspace (${teamId ?? 'unknown'}) is not connected to OpsKnight. An admin can add it with \`opsknight-slack workspace add\`.` } },
});

function contextFor(deps: SlackDeps, teamId: string | undefined, user: { id: string; name?: string; username?: string }, responseUrl?: string) {
  const workspace = teamId ? deps.workspaces.getRecent(teamId) : null;
  if (!workspace) return null;
  const client: WebClient = deps.clientFor(workspace);
  return new InteractionContext(deps, workspace, client, user, responseUrl);
}

const withReplies = (ctx: InteractionContext, answer: Answer = {}): Dispatched => ({ answer, after: () => sendReplies(ctx) });

/** POST /api/slack/actions: form field `payload` holds the JSON. */
export async function dispatchInteraction(deps: SlackDeps, payloadText: unknown): Promise<Dispatched> {
  if (typeof payloadText !== 'string') return bad('Expected a form field "payload" with the interaction JSON.');
  let raw: unknown;
  try {
    raw = JSON.parse(payloadText);
  } catch {
    return bad('The "payload" field is not valid JSON.');
  }
  const type = (raw as { type?: unknown })?.type;
  switch (type) {
    case 'block_actions': {
      const p = blockActionsSchema.safeParse(raw);
      if (!p.success) return bad(`Malformed block_actions payload: ${z.prettifyError(p.error)}`);
      const ctx = contextFor(deps, p.data.team?.id ?? p.data.user.team_id, p.data.user, p.data.response_url);
      if (!ctx) return { ...notInstalled(p.data.team?.id), after: () => replyNotInstalled(deps, p.data.response_url, p.data.team?.id) };
      for (const action of p.data.actions) {
        const handler = BLOCK_ACTIONS[action.action_id];
        if (!handler) {
          deps.logger.warn({ action_id: action.action_id }, 'unknown Slack action');
          ctx.reply(`⚠️ This button (${action.action_id}) is not one OpsKnight knows. The message may be from an older version.`);
          continue;
        }
        await handler(ctx, action, p.data);
      }
      // Slack ignores a block_actions answer's body: replies go through response_url.
      const dispatched = withReplies(ctx);
      // A click on the Home tab: Slack does not redraw it, so it is published again from the new state.
      if (p.data.container?.type !== 'view' || (raw as { view?: { type?: unknown } }).view?.type !== 'home') return dispatched;
      const homeTeam = ctx.workspace.teamId;
      return {
        ...dispatched,
        after: async () => {
          await dispatched.after?.();
          await publishHome(deps, homeTeam, p.data.user.id).catch((err: unknown) => deps.logger.warn({ err }, 'could not redraw the Home tab after a click on it'));
        },
      };
    }
    case 'view_submission': {
      const p = viewSubmissionSchema.safeParse(raw);
      if (!p.success) return bad(`Malformed view_submission payload: ${z.prettifyError(p.error)}`);
      const ctx = contextFor(deps, p.data.team?.id ?? p.data.view.team_id, p.data.user, undefined);
      if (!ctx) return { answer: { body: { response_action: 'errors', errors: {} } } };
      const handler = VIEW_SUBMISSIONS[p.data.view.callback_id];
      if (!handler) {
        deps.logger.warn({ callback_id: p.data.view.callback_id }, 'unknown Slack view');
        return { answer: { status: 400, body: { error: 'unknown_callback_id', message: `No form "${p.data.view.callback_id}" here.` } } };
      }
      return withReplies(ctx, await handler(ctx, p.data.view));
    }
    case 'view_closed': {
      // Closing a modal changes nothing.
      if (!viewClosedSchema.safeParse(raw).success) return bad('Malformed view_closed payload.');
      return { answer: {} };
    }
    case 'shortcut': {
      const p = shortcutSchema.safeParse(raw);
      if (!p.success) return bad(`Malformed shortcut payload: ${z.prettifyError(p.error)}`);
      const ctx = contextFor(deps, p.data.team?.id ?? p.data.user.team_id, p.data.user);
      if (!ctx) return { answer: {} };
      if (p.data.callback_id !== SHORTCUT_CREATE_INCIDENT) return bad(`Unknown shortcut "${p.data.callback_id}".`);
      await openCreateIncident(ctx, p.data.trigger_id);
      // A shortcut has no response_url: a failure is told with chat.postEphemeral (sendReplies).
      return withReplies(ctx);
    }
    case 'message_action': {
      const p = messageActionSchema.safeParse(raw);
      if (!p.success) return bad(`Malformed message_action payload: ${z.prettifyError(p.error)}`);
      const ctx = contextFor(deps, p.data.team?.id ?? p.data.user.team_id, p.data.user, p.data.response_url);
      if (!ctx) return { ...notInstalled(p.data.team?.id), after: () => replyNotInstalled(deps, p.data.response_url, p.data.team?.id) };
      if (p.data.callback_id !== SHORTCUT_ADD_TO_TIMELINE) return bad(`Unknown message shortcut "${p.data.callback_id}".`);
      await addToTimeline(ctx, p.data);
      return withReplies(ctx);
    }
    default:
      return bad(`Unsupported interaction type ${JSON.stringify(type)}.`);
  }
}

/** POST /api/slack/commands: flat form fields. */
export async function dispatchCommand(deps: SlackDeps, form: unknown): Promise<Dispatched> {
  const p = slashCommandSchema.safeParse(form);
  if (!p.success) return bad(`Malformed slash command: ${z.prettifyError(p.error)}`);
  const cmd = p.data;
  const ctx = contextFor(deps, cmd.team_id, { id: cmd.user_id, name: cmd.user_name }, cmd.response_url);
  if (!ctx) return notInstalled(cmd.team_id);
  const [sub = 'help', ...rest] = cmd.text.trim().split(/\s+/).filter(Boolean);
  // Lists show only what the caller may see (their teams' incidents; admins all; unmapped users
  // none unless the workspace allows it): domain/access.ts, through the context.
  const listing = ['incidents', 'list', 'status'].includes(sub.toLowerCase()) ? await ctx.visibility() : null;
  if (listing?.visibility.kind === 'none') {
    return { answer: { body: { response_type: 'ephemeral', text: `🔒 No incidents to show. ${listing.visibility.reason}: an OpsKnight admin can fix that (users are matched by their Slack e-mail).` } } };
  }
  // Where the workspace requires mapped users, only they may create incidents; viewers may not either.
  if (sub.toLowerCase() === 'create') {
    const { refusal } = await ctx.authorize(null);
    if (refusal !== undefined) return { answer: { body: { response_type: 'ephemeral', text: refusal } } };
  }
  switch (sub.toLowerCase()) {
    case 'incidents':
    case 'list':
      return { answer: { body: incidentsCommand(deps, ctx.workspace.teamId, listing?.serviceSlugs) } };
    case 'oncall':
    case 'on-call':
      return { answer: { body: oncallCommand(deps) } };
    case 'status':
      return { answer: { body: statusCommand(deps, listing?.serviceSlugs) } };
    case 'create':
      await openCreateIncident(ctx, cmd.trigger_id, cmd.channel_id);
      return withReplies(ctx);
    case 'resolve':
      await resolveCommand(ctx, rest);
      return withReplies(ctx);
    case 'channel':
      await channelCommand(ctx, rest);
      return withReplies(ctx);
    case 'help':
      return { answer: { body: helpCommand(cmd.command) } };
    default:
      return { answer: { body: helpCommand(cmd.command, [sub, ...rest].join(' ')) } };
  }
}

async function replyNotInstalled(deps: SlackDeps, responseUrl: string | undefined, teamId: string | undefined): Promise<void> {
  if (!responseUrl) return;
  const text = `This Slack workspace (${teamId ?? 'unknown'}) is not connected to OpsKnight.`;
  await postToResponseUrl(responseUrl, { response_type: 'ephemeral', replace_original: false, text }, deps.logger, deps.responseUrlOptions);
}
