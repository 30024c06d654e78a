// workflow add|list|remove|test: rules for what happens beside the incident card — a major-incident
// channel, stakeholder messages, a status-channel summary, a Workflow Builder webhook. A rule whose
// Slack scopes are missing is refused when it is added (and marked refused if they go later).
import type { WebClient } from '@slack/web-api';
import type { Core } from '../../daemon/container.js';
import type { TimelineEventType, Urgency } from '../../domain/model.js';
import { firesOn, type WorkflowAction, type WorkflowActionType } from '../../domain/workflows.js';
import { ChannelLookupError, resolveChannel } from '../../slack/channels.js';
import { checkConnection } from '../../slack/connection-check.js';
import { missingFor, refusalFor, type ScopedFeature } from '../../slack/scopes.js';
import type { StoredRule } from '../../store/workflow-repo.js';
import type { Workspace } from '../../store/workspace-repo.js';
import { UserError } from '../errors.js';
import { withCore } from '../context.js';
import { chalk, print, printJson, table } from '../output.js';
import { slackCall, workspaceFor } from '../slack-context.js';

interface AddOptions {
  workspace?: string;
  service?: string;
  urgency?: string;
  archiveAfter?: string;
  private?: boolean;
  dm?: string[];
  group?: string[];
  channel?: string;
  url?: string;
  events?: string;
  json?: boolean;
}

const ACTION_NAMES: Record<string, WorkflowActionType> = {
  'incident-channel': 'incident_channel',
  stakeholders: 'stakeholders',
  'status-channel': 'status_channel',
  webhook: 'webhook',
};
export const WORKFLOW_ACTION_ARGS = Object.keys(ACTION_NAMES);

/** The features (and so the scopes) an action needs. */
function featuresOf(action: WorkflowAction): ScopedFeature[] {
  switch (action.type) {
    case 'incident_channel':
      return [action.private ? 'private_incident_channel' : 'incident_channel'];
    case 'stakeholders':
      return [...(action.users.length ? (['stakeholder_dm'] as const) : []), ...(action.groups.length ? (['stakeholder_group'] as const) : [])];
    default:
      return [];
  }
}

/** Asks Slack for the token's scopes now (auth.test) and stores them; the reasons a rule cannot work. */
async function scopeRefusals(core: Core, workspace: Workspace, client: WebClient, action: WorkflowAction): Promise<string[]> {
  const report = await slackCall(() => checkConnection(client));
  core.workspaces.setScopes(workspace.teamId, report.scopes);
  return featuresOf(action)
    .map((f) => ({ f, missing: missingFor(f, report.scopes) }))
    .filter((x) => x.missing.length)
    .map((x) => refusalFor(x.f, x.missing));
}

const usage = (message: string) => new UserError(message, 2);

function checkOptions(type: WorkflowActionType, o: AddOptions): void {
  const stray = (name: string, given: unknown) => {
    if (given !== undefined && given !== false) throw usage(`${name} does not apply to a ${type.replace('_', '-')} rule.`);
  };
  const only: [WorkflowActionType, string, unknown][] = [
    ['incident_channel', '--archive-after', o.archiveAfter],
    ['incident_channel', '--private', o.private],
    ['stakeholders', '--dm', o.dm],
    ['stakeholders', '--group', o.group],
    ['webhook', '--url', o.url],
    ['webhook', '--events', o.events],
  ];
  for (const [owner, name, given] of only) if (owner !== type) stray(name, given);
  if (type === 'stakeholders' && !o.dm?.length && !o.group?.length) throw usage('Name who hears about it: --dm <user…> (Slack user ids or e-mails) and/or --group <@handle…>.');
  if (type === 'stakeholders' && o.group?.length && !o.channel) throw usage('A user-group mention needs a channel to be posted in: --channel <#name or id>.');
  if (type === 'status_channel' && !o.channel) throw usage('Say where resolutions are posted: --channel <#name or id>.');
  if (type === 'incident_channel' || type === 'webhook') stray('--channel', o.channel);
  if (type === 'webhook' && !o.url) throw usage('Give the Workflow Builder trigger URL: --url https://hooks.slack.com/triggers/…');
}

export async function addWorkflow(actionArg: string, o: AddOptions): Promise<void> {
  const type = ACTION_NAMES[actionArg]!;
  checkOptions(type, o);
  const urgency = o.urgency ? (o.urgency.toUpperCase() as Urgency) : null;
  if (type === 'webhook') checkWebhookUrl(o.url!);
  await withCore(async (core) => {
    if (o.service) core.directory.getService(o.service);
    const { workspace, client } = await workspaceFor(core, o.workspace);
    const action = await buildAction(core, workspace, client, type, o);
    const refusals = await scopeRefusals(core, workspace, client, action);
    if (refusals.length) throw new UserError(`Not added: ${refusals.join(' ')}`);
    const rule = core.workflows.add({ workspace: workspace.teamId, serviceSlug: o.service ?? null, urgency, action, webhookUrl: o.url ?? null }, core.clock.now());
    if (o.json) return printJson(ruleJson(core, rule));
    print(chalk.green(`Workflow rule ${rule.id} added: ${describe(core, rule)}.`));
  });
}

function checkWebhookUrl(text: string): void {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw usage(`"${text}" is not a URL: copy the webhook trigger's URL from Workflow Builder (https://hooks.slack.com/triggers/…).`);
  }
  if (u.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) throw usage('Webhook trigger URLs are HTTPS (https://hooks.slack.com/triggers/…).');
}

async function buildAction(core: Core, workspace: Workspace, client: WebClient, type: WorkflowActionType, o: AddOptions): Promise<WorkflowAction> {
  switch (type) {
    case 'incident_channel':
      return { type, archiveAfterHours: o.archiveAfter === undefined ? null : Number(o.archiveAfter), private: o.private === true };
    case 'stakeholders':
      return {
        type,
        users: await Promise.all((o.dm ?? []).map((u) => slackUser(client, u))),
        groups: await userGroups(client, o.group ?? []),
        channel: o.channel ? await channelId(core, workspace, client, o.channel) : null,
      };
    case 'status_channel':
      return { type, channel: await channelId(core, workspace, client, o.channel!) };
    case 'webhook':
      return { type, events: (o.events ?? 'triggered,resolved').split(',').map((e) => e.trim().toLowerCase() as TimelineEventType) };
  }
}

async function channelId(core: Core, workspace: Workspace, client: WebClient, ref: string): Promise<string> {
  try {
    return (await slackCall(() => resolveChannel(client, core.workspaces, workspace.teamId, ref))).id;
  } catch (err) {
    if (err instanceof ChannelLookupError) throw new UserError(err.message);
    throw err;
  }
}

/** A Slack user id as given, or the user with this e-mail. */
async function slackUser(client: WebClient, ref: string): Promise<string> {
  if (/^[UW][A-Z0-9]{2,}$/.test(ref)) return ref;
  if (!ref.includes('@')) throw new UserError(`"${ref}" is neither a Slack user id (U…) nor an e-mail.`);
  try {
    const res = await client.users.lookupByEmail({ email: ref });
    return String(res.user?.id);
  } catch (err) {
    if ((err as { data?: { error?: string } }).data?.error === 'users_not_found') throw new UserError(`No Slack user has the e-mail ${ref}.`);
    return slackCall(() => Promise.reject(err));
  }
}

/** User-group ids (S…) as given; @handles looked up with usergroups.list. */
async function userGroups(client: WebClient, refs: string[]): Promise<string[]> {
  const handles = refs.filter((r) => !/^S[A-Z0-9]{2,}$/.test(r));
  if (!handles.length) return refs;
  let groups: { id?: string; handle?: string }[] = [];
  try {
    groups = (await client.usergroups.list()).usergroups ?? [];
  } catch (err) {
    // usergroups:read missing: the scope check says so in words below, with what to do.
    if ((err as { data?: { error?: string } }).data?.error === 'missing_scope') return refs;
    return slackCall(() => Promise.reject(err));
  }
  return refs.map((r) => {
    if (/^S[A-Z0-9]{2,}$/.test(r)) return r;
    const g = groups.find((x) => x.handle === r.replace(/^@/, ''));
    if (!g?.id) throw new UserError(`No user group @${r.replace(/^@/, '')} in this workspace (handles: ${groups.map((x) => `@${x.handle}`).join(', ') || 'none'}).`);
    return g.id;
  });
}

function describe(core: Core, rule: StoredRule): string {
  const label = (id: string) => {
    const name = core.workspaces.channelName(rule.workspace, id);
    return name ? `#${name}` : id;
  };
  const when = !rule.urgency && !rule.serviceSlug ? 'every incident' : `${rule.urgency ? `${rule.urgency} incidents` : 'incidents'}${rule.serviceSlug ? ` of ${rule.serviceSlug}` : ''}`;
  const a = rule.action;
  switch (a.type) {
    case 'incident_channel':
      return `${when}: open an incident channel${a.private ? ' (private)' : ''}, invite the on-call, pin the card${a.archiveAfterHours !== null ? `, archive ${a.archiveAfterHours}h after resolution` : ''}`;
    case 'stakeholders':
      return `${when}: tell ${[...a.users.map((u) => `<@${u}>`), ...a.groups.map((g) => `<!subteam^${g}>${a.channel ? ` in ${label(a.channel)}` : ''}`)].join(', ')} when it triggers`;
    case 'status_channel':
      return `${when}: post the resolution summary in ${label(a.channel)}`;
    case 'webhook':
      return `${when}: send its fields to a Workflow Builder webhook on ${a.events.join(', ')}`;
  }
}

/** The trigger URL is a secret (whoever holds it starts the workflow): only its host is shown. */
const maskedUrl = (url: string | null) => (url ? `${new URL(url).origin}/…` : null);

const snake = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));

function ruleJson(core: Core, r: StoredRule) {
  const { type, ...rest } = r.action;
  const settings = snake(rest);
  return {
    id: r.id,
    workspace: r.workspace,
    action: type,
    service: r.serviceSlug,
    urgency: r.urgency,
    events: firesOn(r.action),
    settings,
    webhook_url: maskedUrl(r.webhookUrl),
    status: r.status,
    status_reason: r.statusReason,
    created_at: r.createdAt.toISOString(),
    description: describe(core, r),
  };
}

export async function listWorkflows(o: { workspace?: string; json?: boolean }): Promise<void> {
  await withCore(async (core) => {
    const teamId = o.workspace ? (await workspaceFor(core, o.workspace)).workspace.teamId : undefined;
    const rules = core.workflows.list(teamId);
    if (o.json) return printJson(rules.map((r) => ruleJson(core, r)));
    if (!rules.length) return print('No workflow rules yet. Add one with `opsknight-slack workflow add incident-channel --urgency high`.');
    print(table(['ID', 'ACTION', 'STATUS', 'WHAT'], rules.map((r) => [String(r.id), r.action.type.replace('_', '-'), r.status === 'active' ? 'active' : chalk.red('refused'), describe(core, r)])));
    for (const r of rules.filter((x) => x.status === 'refused')) print(chalk.yellow(`Rule ${r.id} is refused: ${r.statusReason}`));
  });
}

function ruleById(core: Core, idText: string): StoredRule {
  const id = Number(idText);
  const rule = Number.isSafeInteger(id) ? core.workflows.get(id) : null;
  if (!rule) throw new UserError(`There is no workflow rule ${idText}; see \`opsknight-slack workflow list\`.`);
  return rule;
}

export async function removeWorkflow(idText: string): Promise<void> {
  await withCore((core) => {
    const rule = ruleById(core, idText);
    core.workflows.remove(rule.id);
    print(`Workflow rule ${rule.id} removed.`);
  });
}

/** A webhook rule's test: the variables of a sample incident (event "test") to its trigger; the problem, if any. */
async function sendTestVariables(url: string): Promise<string | null> {
  const at = new Date().toISOString();
  const sample = { event: 'test', incident_id: '0', title: 'OpsKnight test: not a real incident', service: 'test', urgency: 'LOW', status: 'OPEN', description: '', assignee: '', created_at: at, acknowledged_at: '', resolved_at: '', resolved_by: '', resolution_note: '', duration_minutes: '', link: '' };
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sample), signal: AbortSignal.timeout(10_000) });
    if (res.ok) return null;
    return `The webhook trigger answered HTTP ${res.status} (${(await res.text()).slice(0, 200)}): check the URL and that the workflow is published.`;
  } catch (err) {
    return `Could not reach the webhook trigger (${(err as Error).message}).`;
  }
}

/** Checks a rule against the scopes Slack grants now: a refused rule whose scopes came back is active again. */
export async function testWorkflow(idText: string, o: { json?: boolean }): Promise<void> {
  await withCore(async (core) => {
    const rule = ruleById(core, idText);
    const { workspace, client } = await workspaceFor(core, rule.workspace);
    const refusals = await scopeRefusals(core, workspace, client, rule.action);
    core.workflows.setStatus(rule.id, refusals.length ? 'refused' : 'active', refusals.length ? refusals.join(' ') : null);
    if (!refusals.length && rule.webhookUrl) {
      const problem = await sendTestVariables(rule.webhookUrl);
      if (problem) refusals.push(problem);
    }
    const fresh = core.workflows.get(rule.id)!;
    if (o.json) printJson({ ok: refusals.length === 0, rule: ruleJson(core, fresh), problems: refusals });
    else if (!refusals.length) print(chalk.green(`Rule ${rule.id} can run: ${describe(core, fresh)}.${rule.webhookUrl ? ' A test event was sent to the trigger.' : ''}`));
    if (refusals.length) throw new UserError(`Rule ${rule.id} cannot run: ${refusals.join(' ')}`);
  });
}
