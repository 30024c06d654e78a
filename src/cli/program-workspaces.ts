// Slack workspaces and their workflow rules.
import { Argument, type Command } from 'commander';
import { TIMELINE_EVENT_TYPES } from '../domain/model.js';
import { URGENCY_FILTERS } from '../domain/routing.js';
import { CROSS_TEAM_POLICIES } from '../domain/access.js';
import { listOf, oneOf, wholeNumber } from './option-values.js';
import { jsonOption, lazy, urgencyOption, workspaceOption } from './registration.js';

const workspaces = () => import('./commands/workspace.js');

export function registerWorkspaceCommands(program: Command): void {
  const ws = program.command('workspace').description('connected Slack workspaces');
  ws.command('add')
    .description('print a single-use "Add to Slack" link to install into another workspace (OAuth)')
    .option('--url <url>', 'public URL of the daemon (default: OPSKNIGHT_URL or the one stored by setup)')
    .action(lazy(() => import('./commands/workspace-add.js'), 'addWorkspace'));
  ws.command('list').description('workspaces, masked tokens and health').addOption(jsonOption()).action(lazy(workspaces, 'listWorkspaces'));
  ws.command('show [team]').description('one workspace and its settings').addOption(jsonOption()).action(lazy(workspaces, 'showWorkspace'));
  ws.command('remove <team>').description('forget a workspace: its token, routes and settings').action(lazy(workspaces, 'removeWorkspace'));
  ws.command('settings')
    .description('notification events, urgency filter, user mapping rule and alert-storm folding')
    .addOption(workspaceOption())
    .option('--enable <event...>', 'turn on posts for: triggered, acknowledged, resolved, escalated, sla_breached, note_added, snoozed, woken, reassigned, responders_added, unacknowledged, reopened, urgency_changed')
    .option('--disable <event...>', 'turn those posts off (the message is still updated in place)')
    .option('--urgency-filter <filter>', 'all, high or high_medium', oneOf(URGENCY_FILTERS))
    .option('--require-mapped-user', 'only mapped, ACTIVE OpsKnight users may act from Slack')
    .option('--no-require-mapped-user', 'any Slack user in the channel may act')
    .option('--digest-threshold <n>', 'fold a channel backlog of this many new-incident posts into one digest (0: never)', wholeNumber())
    .option('--cross-team-actions <policy>', "acting on another team's incident: allow (attributed) or refuse", oneOf(CROSS_TEAM_POLICIES))
    .option('--unmapped-can-view', 'Slack users with no OpsKnight user see incidents in /opsknight incidents and status')
    .option('--no-unmapped-can-view', 'they see none (default)')
    .addOption(jsonOption())
    .action(lazy(workspaces, 'workspaceSettings'));

  const workflow = program.command('workflow').description('workflow rules: major-incident channels, stakeholders, status channel, Workflow Builder webhooks');
  const workflows = () => import('./commands/workflow.js');
  workflow
    .command('add')
    .description('add a rule, e.g. `workflow add incident-channel --urgency high --archive-after 24`')
    .addArgument(new Argument('<action>', 'incident-channel, stakeholders, status-channel or webhook').choices(['incident-channel', 'stakeholders', 'status-channel', 'webhook']))
    .option('-s, --service <slug>', 'only incidents of this service')
    .addOption(urgencyOption())
    .option('--archive-after <hours>', 'incident-channel: archive the channel this many hours after resolution', wholeNumber(1))
    .option('--private', 'incident-channel: make the channel private')
    .option('--dm <users...>', 'stakeholders: Slack users (U… ids or e-mails) to message directly')
    .option('--group <handles...>', 'stakeholders: user groups (@handle or S… id) to mention in --channel')
    .option('--channel <channel>', 'stakeholders / status-channel: where to post (#name or id)')
    .option('--url <url>', 'webhook: the Workflow Builder trigger URL')
    .option('--events <events>', `webhook: events to send (comma-separated; default triggered,resolved): ${TIMELINE_EVENT_TYPES.join(', ')}`, listOf(TIMELINE_EVENT_TYPES))
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(lazy(workflows, 'addWorkflow'));
  workflow.command('list').description('workflow rules and whether they can run').addOption(workspaceOption()).addOption(jsonOption()).action(lazy(workflows, 'listWorkflows'));
  workflow.command('remove <id>').description('remove a rule').action(lazy(workflows, 'removeWorkflow'));
  workflow
    .command('test <id>')
    .description('check a rule against the scopes Slack grants now (a refused rule whose scopes came back runs again)')
    .addOption(jsonOption())
    .action(lazy(workflows, 'testWorkflow'));
}
