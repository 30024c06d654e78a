// Every command is registered here, declaratively; each one's code is imported only when it runs,
// so `--help` stays fast.
import { Argument, Command, Option } from 'commander';
import { INCIDENT_STATUSES, TIMELINE_EVENT_TYPES, URGENCIES } from '../domain/model.js';
import { URGENCY_FILTERS } from '../domain/routing.js';
import { CROSS_TEAM_POLICIES, ROLES } from '../domain/access.js';
import { LOG_LEVELS } from '../config/log-levels.js';
import { duration, incidentNumber, isoTime, listOf, oneOf, port, wholeNumber } from './option-values.js';

type Action = (...args: unknown[]) => Promise<void> | void;

/** Defers importing a command module until the command actually runs. */
function lazy(load: () => Promise<Record<string, unknown>>, name: string): Action {
  return async (...args: unknown[]) => {
    const mod = await load();
    await (mod[name] as Action)(...args);
  };
}

const services = () => import('./commands/service.js');
const users = () => import('./commands/user.js');
const incidents = () => import('./commands/incident.js');
const incidentMore = () => import('./commands/incident-more.js');
const serve = () => import('./commands/serve.js');
const config = () => import('./commands/config.js');
const channels = () => import('./commands/channels.js');
const subscriptions = () => import('./commands/channel-subscriptions.js');
const teams = () => import('./commands/team.js');
const testChannel = () => import('./commands/test-channel.js');
const workspaces = () => import('./commands/workspace.js');

const urgencyOption = () =>
  new Option('-u, --urgency <level>', 'urgency').choices(['high', 'medium', 'low', 'HIGH', 'MEDIUM', 'LOW']);
const jsonOption = () => new Option('--json', 'print JSON for scripts');
const workspaceOption = () => new Option('-w, --workspace <team>', 'Slack workspace (team id or name); default: the only one');
const asOption = () => new Option('--as <email>', 'act as this OpsKnight user (default: you, via the CLI)');

export function buildProgram(): Command {
  const program = new Command('opsknight-slack')
    .description('Self-hosted Slack incident integration for OpsKnight: the daemon and its tools.')
    .version(process.env.npm_package_version ?? '0.1.0', '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  // Data location flags apply to every command; they override OPSKNIGHT_SLACK_HOME / OPSKNIGHT_SLACK_DB.
  program
    .option('--home <dir>', 'data folder (env OPSKNIGHT_SLACK_HOME)')
    .option('--db <file>', 'SQLite file (env OPSKNIGHT_SLACK_DB)')
    .hook('preAction', (cmd) => {
      const opts = cmd.opts<{ home?: string; db?: string }>();
      if (opts.home) process.env.OPSKNIGHT_SLACK_HOME = opts.home;
      if (opts.db) process.env.OPSKNIGHT_SLACK_DB = opts.db;
    });

  program
    .command('serve')
    .description('run the daemon: the incident API, Alertmanager and Events v2 intake, and the Slack endpoints')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 3000)', port)
    .option('-H, --host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
    .option('--url <url>', 'public HTTPS base URL of this daemon (env OPSKNIGHT_URL)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace (env LOG_LEVEL, default info)', oneOf(LOG_LEVELS))
    .option('--trust-proxy <value>', 'Express trust proxy: true, false, hop count or subnets (env TRUST_PROXY, default loopback)')
    .option('--sandbox [when]', 'use the built-in Slack sandbox instead of Slack (no account needed; same database as the CLI, its fake workspaces kept apart; in <home>/sandbox when real Slack is set up); "auto": only when no Slack credentials are configured')
    .option('--sandbox-port <port>', 'port of the sandbox UI and Web API (default: --port + 1)', port)
    .addOption(jsonOption().hideHelp())
    .action(lazy(serve, 'serveCommand'));

  program
    .command('sandbox')
    .description('run the Slack sandbox alone: a Slack-compatible Web API and a browser UI')
    .option('-p, --port <port>', 'port', port, '3001')
    .option('-H, --host <host>', 'address', '127.0.0.1')
    .option('--app-url <url>', 'daemon base URL that receives clicks and slash commands, e.g. http://127.0.0.1:3000')
    .option('--no-rate-limits', 'answer without Slack\'s rate limits')
    .option('--json', 'print the address, credentials, channels and users as one JSON object')
    .action(lazy(() => import('./commands/sandbox.js'), 'sandboxCommand'));

  const service = program.command('service').description('manage services (what incidents are about)');
  service
    .command('add <slug>')
    .description('add a service, e.g. `service add payment-api --name "Payment API"`')
    .option('-n, --name <name>', 'display name (default: the slug)')
    .option('-d, --description <text>', 'description')
    .option('--ack-sla <minutes>', 'time to acknowledge target in minutes', wholeNumber(), '15')
    .option('--resolve-sla <minutes>', 'time to resolve target in minutes', wholeNumber(), '120')
    .addOption(jsonOption())
    .action(lazy(services, 'addService'));
  service.command('list').description('list services').addOption(jsonOption()).action(lazy(services, 'listServices'));
  service
    .command('show <slug>')
    .description('show a service, with its Events API v2 integration key')
    .addOption(jsonOption())
    .action(lazy(services, 'showService'));
  service
    .command('update <slug>')
    .description('change a service')
    .option('-n, --name <name>', 'display name')
    .option('-d, --description <text>', 'description')
    .option('--ack-sla <minutes>', 'time to acknowledge target in minutes', wholeNumber())
    .option('--resolve-sla <minutes>', 'time to resolve target in minutes', wholeNumber())
    .option('--policy <name>', 'escalation policy ("none" to remove)')
    .addOption(jsonOption())
    .action(lazy(services, 'updateService'));
  service
    .command('fallback [slug]')
    .description('where alerts go whose service does not exist (default: an "unrouted" service); no slug: show it')
    .option('--clear', 'go back to the "unrouted" service')
    .addOption(jsonOption())
    .action(lazy(() => import('./commands/service-fallback.js'), 'fallbackService'));
  service
    .command('remove <slug>')
    .description('remove a service that has no incidents')
    .action(lazy(services, 'removeService'));

  const oncall = () => import('./commands/oncall.js');
  const policy = program.command('policy').description('escalation policies: who is paged, in what order, when nobody acknowledges');
  policy
    .command('add <name>')
    .description('add a policy, e.g. policy add primary --step 0:schedule:primary --step 15:bob@example.com --repeat 1')
    .requiredOption('--step <minutes:targets...>', 'a step: minutes after the previous one, then targets (e-mails or schedule:<name>), comma-separated')
    .option('--repeat <n>', 'run the steps again this many times', wholeNumber(), '0')
    .addOption(jsonOption())
    .action(lazy(oncall, 'addPolicy'));
  policy.command('show <name>').description('a policy and its steps').addOption(jsonOption()).action(lazy(oncall, 'showPolicy'));
  policy.command('list').description('policies').addOption(jsonOption()).action(lazy(oncall, 'listPolicies'));
  policy.command('remove <name>').description('remove a policy no service uses').action(lazy(oncall, 'removePolicy'));

  const schedule = program.command('schedule').description('on-call schedules: rotations, overrides, who is on call');
  schedule
    .command('add <name>')
    .description('add a rotation, e.g. schedule add primary --tz Europe/London --users a@x.com,b@x.com --start 2026-12-01 --handoff 09:00 --length weekly')
    .requiredOption('--tz <zone>', 'IANA time zone, e.g. Europe/London')
    .requiredOption('--users <emails>', 'the rotation, in order, comma-separated')
    .requiredOption('--start <date>', 'first handoff date, YYYY-MM-DD')
    .option('--handoff <time>', 'local handoff time, HH:MM', '09:00')
    .option('--length <length>', 'daily, weekly, or hours like 12h', 'weekly')
    .addOption(jsonOption())
    .action(lazy(oncall, 'addSchedule'));
  schedule.command('show <name>').description('a schedule, its overrides and who is on call').addOption(jsonOption()).action(lazy(oncall, 'showSchedule'));
  schedule.command('list').description('schedules').addOption(jsonOption()).action(lazy(oncall, 'listSchedules'));
  schedule
    .command('override <name>')
    .description('put someone on call for a time window')
    .requiredOption('--user <email>', 'who')
    .requiredOption('--from <time>', 'start (ISO 8601)', isoTime)
    .requiredOption('--to <time>', 'end (ISO 8601)', isoTime)
    .action(lazy(oncall, 'overrideSchedule'));
  const scheduleSlack = () => import('./commands/schedule-slack.js');
  schedule
    .command('handoff-channel <name> [channel]')
    .description('announce the schedule\'s handoffs in a channel (#name or id) and message the incoming person; --off to stop')
    .option('--off', 'stop announcing')
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(lazy(scheduleSlack, 'scheduleHandoffChannel'));
  schedule
    .command('user-group <name> [group]')
    .description('keep a Slack user group (@handle or id) to whoever is on call, e.g. @oncall-primary; --off to stop')
    .option('--off', 'stop (the group keeps its members)')
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(lazy(scheduleSlack, 'scheduleUserGroup'));
  schedule
    .command('oncall')
    .description('who is on call now and at the next handoff, for every schedule and policy')
    .option('--at <time>', 'at another time (ISO 8601)', isoTime)
    .addOption(jsonOption())
    .action(lazy(oncall, 'showOnCall'));

  const user = program.command('user').description('manage OpsKnight users (matched to Slack users by e-mail)');
  user
    .command('add')
    .description('add a user')
    .requiredOption('-n, --name <name>', 'full name')
    .requiredOption('-e, --email <email>', 'e-mail address (unique, case-insensitive)')
    .option('--inactive', 'create the user as INACTIVE')
    .addOption(jsonOption())
    .action(lazy(users, 'addUser'));
  user.command('list').description('list users').addOption(jsonOption()).action(lazy(users, 'listUsers'));
  user
    .command('update <email>')
    .description('change a user: name, e-mail, or activate/deactivate')
    .option('-n, --name <name>', 'full name')
    .option('-e, --email <email>', 'new e-mail address')
    .option('--activate', 'mark ACTIVE')
    .option('--deactivate', 'mark INACTIVE (they can no longer act on incidents)')
    .addOption(jsonOption())
    .action(lazy(users, 'updateUser'));

  user
    .command('role')
    .argument('<email>', 'the user')
    .addArgument(new Argument('<role>', 'admin, responder or viewer').choices(ROLES))
    .description("set a user's role: admin (every incident), responder (their teams'), viewer (see, not act)")
    .addOption(jsonOption())
    .action(lazy(teams, 'setUserRole'));

  const team = program.command('team').description('teams: members and the services they own decide who sees and acts on which incidents in Slack');
  team.command('add <slug>').description('add a team').option('-n, --name <name>', 'display name').addOption(jsonOption()).action(lazy(teams, 'addTeam'));
  team.command('list').description('teams, their services and members').addOption(jsonOption()).action(lazy(teams, 'listTeams'));
  team.command('show <slug>').description('one team').addOption(jsonOption()).action(lazy(teams, 'showTeam'));
  team.command('remove <slug>').description('remove a team (its services become everybody’s)').action(lazy(teams, 'removeTeam'));
  team.command('add-member <slug> <emails...>').description('put users on the team').addOption(jsonOption()).action(lazy(teams, 'addMembers'));
  team.command('remove-member <slug> <email>').description('take a user off the team').addOption(jsonOption()).action(lazy(teams, 'removeMember'));
  team.command('own <slug> <services...>').description('give services to the team').addOption(jsonOption()).action(lazy(teams, 'ownServices'));
  team.command('disown <service>').description('a service belongs to no team (everybody’s)').addOption(jsonOption()).action(lazy(teams, 'disownService'));

  user
    .command('map')
    .description('who is matched to a Slack user by e-mail, who is not, and why')
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(lazy(() => import('./commands/user-map.js'), 'userMap'));

  const incident = program.command('incident').description('work with incidents in the local database');
  incident
    .command('trigger')
    .description('open an incident')
    .requiredOption('-t, --title <title>', 'what is wrong')
    .requiredOption('-s, --service <slug>', 'affected service')
    .addOption(urgencyOption().default('high'))
    .option('-d, --description <text>', 'details')
    .option('-c, --component <name...>', 'affected component(s)')
    .option('--dedup-key <key>', 'repeat triggers with this key fold into the open incident')
    .option('--assignee <name>', 'who owns it')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidents, 'triggerIncident'));
  incident
    .command('list')
    .description('list incidents, newest first')
    .option('--status <status>', 'open, acknowledged, snoozed, resolved (comma-separated)', listOf(INCIDENT_STATUSES.map((s) => s.toLowerCase())))
    .option('-s, --service <slug>', 'only this service')
    .option('-u, --urgency <level>', 'high, medium, low (comma-separated)', listOf(URGENCIES.map((u) => u.toLowerCase())))
    .option('--limit <n>', 'at most this many', wholeNumber(1), '50')
    .addOption(jsonOption())
    .action(lazy(incidents, 'listIncidents'));
  incident
    .command('show <id>')
    .description('show an incident and its timeline (id as 42 or #42)')
    .addOption(jsonOption())
    .action(lazy(incidents, 'showIncident'));
  incident
    .command('ack <id>')
    .alias('acknowledge')
    .description('acknowledge an incident')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidents, 'ackIncident'));
  incident
    .command('resolve <id>')
    .description('resolve an incident')
    .option('--note <text>', 'resolution note')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidents, 'resolveIncident'));
  incident
    .command('snooze <id>')
    .description('snooze an incident: --for 30m | 2h | 1h30m, or --until <ISO time>')
    .option('--for <duration>', 'how long, e.g. 30m, 2h, 1h30m', duration)
    .option('--until <time>', 'until this time (ISO 8601)', isoTime)
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidents, 'snoozeIncident'));
  incident
    .command('note <id> <text...>')
    .description('add a note to an incident timeline')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidents, 'noteIncident'));
  incident
    .command('reassign <id> <email>')
    .description('assign an incident to an OpsKnight user (by e-mail)')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidentMore, 'reassignIncident'));
  incident
    .command('unack <id>')
    .alias('unacknowledge')
    .description('withdraw the acknowledgement: open again, escalation starts over')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidentMore, 'unackIncident'));
  incident
    .command('reopen <id>')
    .description('reopen a resolved incident (within OPSKNIGHT_REOPEN_WINDOW of its resolution, default 24h)')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidentMore, 'reopenIncident'));
  incident
    .command('urgency <id>')
    .addArgument(new Argument('<level>', 'high, medium or low').choices(['high', 'medium', 'low', 'HIGH', 'MEDIUM', 'LOW']))
    .description('change the urgency: high, medium or low')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidentMore, 'urgencyIncident'));
  incident
    .command('escalate <id>')
    .description('page the next step of the escalation policy now')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidentMore, 'escalateIncident'));

  program
    .command('setup')
    .description('the setup wizard: public URL, app manifest, credentials, test connection, channels, notifications')
    .addHelpText(
      'after',
      '\nSecrets: prefer the environment (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_APP_TOKEN) or the\nmasked prompts over flags: flags show up in shell history and process lists. Everything is stored encrypted.\nUnattended: opsknight-slack setup --yes --url https://ops.example.com --default-channel "#incidents"',
    )
    .option('-y, --yes', 'ask nothing: take every value from flags, the environment or what is stored')
    .option('--url <url>', 'public HTTPS URL Slack calls (env OPSKNIGHT_URL)')
    .option('--name <name>', 'app name in Slack', 'OpsKnight')
    .option('--socket-mode', 'use Socket Mode (no public URL needed for Slack to call)')
    .option('--manifest-out <file>', 'where to save the app manifest (default: <home>/slack-app-manifest.json)')
    .option('--client-id <id>', 'Slack client ID (env SLACK_CLIENT_ID)')
    .option('--client-secret <secret>', 'discouraged: use env SLACK_CLIENT_SECRET or the prompt')
    .option('--signing-secret <secret>', 'discouraged: use env SLACK_SIGNING_SECRET or the prompt')
    .option('--bot-token <token>', 'discouraged: use env SLACK_BOT_TOKEN or the prompt')
    .option('--app-token <token>', 'Socket Mode app-level token; discouraged: use env SLACK_APP_TOKEN or the prompt')
    .option('--default-channel <channel>', 'default channel (#name or ID)')
    .option('--test-message', 'post a test message in the default channel')
    .option('--no-test-message', 'do not post a test message')
    .option('--events <list>', 'events to post, comma-separated (triggered,acknowledged,resolved,escalated,sla_breached,note_added,snoozed,woken,reassigned,responders_added,unacknowledged,reopened,urgency_changed)')
    .option('--urgency-filter <filter>', 'all, high or high_medium', oneOf(URGENCY_FILTERS))
    .option('--route <service=#channel...>', 'per-service channels, e.g. payment-api=#payments')
    .option('--urgency-route <urgency=#channel...>', 'urgency routes, e.g. high=#incidents-critical')
    .action(lazy(() => import('./commands/setup.js'), 'setupCommand'));

  program
    .command('manifest')
    .description('print the Slack app manifest for this daemon, and the link that creates the app from it')
    .option('--url <url>', 'public HTTPS URL Slack calls (env OPSKNIGHT_URL)')
    .option('--name <name>', 'app name in Slack', 'OpsKnight')
    .option('--socket-mode', 'Socket Mode: no request URLs')
    .option('--format <format>', 'json or yaml', oneOf(['json', 'yaml']), 'json')
    .option('-o, --out <file>', 'write it to a file instead of standard output')
    .action(lazy(() => import('./commands/manifest.js'), 'manifestCommand'));

  program
    .command('test-connection')
    .description('check the bot token with Slack (auth.test): workspace, bot user, missing scopes')
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(lazy(() => import('./commands/test-connection.js'), 'testConnectionCommand'));

  const ch = program.command('channels').description('where incidents are posted: default channel, per-service and per-urgency routes');
  ch.command('list').description('channels the bot can see').addOption(workspaceOption()).addOption(jsonOption()).action(lazy(channels, 'listChannelsCommand'));
  ch.command('default <channel>')
    .description('set the default channel (#name or ID)')
    .addOption(workspaceOption())
    .action(lazy(channels, 'setDefaultChannel'));
  ch.command('route <channel>')
    .description('route a service, an urgency, or both to a channel (#name or ID)')
    .option('-s, --service <slug>', 'service')
    .addOption(urgencyOption())
    .addOption(workspaceOption())
    .action(lazy(channels, 'addRoute'));
  ch.command('unroute')
    .description('remove a route')
    .option('-s, --service <slug>', 'service')
    .addOption(urgencyOption())
    .addOption(workspaceOption())
    .action(lazy(channels, 'removeRoute'));
  ch.command('routes').description('the routing table').addOption(workspaceOption()).addOption(jsonOption()).action(lazy(channels, 'showRoutes'));
  ch.command('subscribe <channel>')
    .description('give a channel its own card of every incident of these services and/or urgencies (none: every incident)')
    .option('-s, --service <slugs>', 'services, comma-separated (default: any)')
    .option('-u, --urgency <levels>', 'urgencies, comma-separated (default: any)', listOf(URGENCIES.map((u) => u.toLowerCase())))
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(lazy(subscriptions, 'subscribeChannel'));
  ch.command('unsubscribe <channel>')
    .description("remove a channel's subscription (its routes stay)")
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(lazy(subscriptions, 'unsubscribeChannel'));
  ch.command('explain [incident]')
    .description('every channel an incident (or a service and urgency) would reach, and why')
    .option('-s, --service <slug>', 'service')
    .addOption(urgencyOption())
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(lazy(subscriptions, 'explainChannels'));

  program
    .command('test-channel <channel>')
    .description('post a test message in a channel (#name or ID) through the delivery path, and explain any failure')
    .addOption(workspaceOption())
    .action(lazy(testChannel, 'testChannel'));

  program
    .command('doctor')
    .description('check everything the troubleshooting docs list: credentials, channels, interactivity, clock, attribution, delivery, the daemon')
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .option('--post-test <channel>', "also post a test message in this channel (#name or ID), e.g. --post-test '#incidents'")
    .action(lazy(() => import('./commands/doctor.js'), 'doctorCommand'));

  program
    .command('resync')
    .description('re-render the Slack cards of incidents from stored state (a deleted card is posted again)')
    .option('--incident <n>', 'one incident (42 or #42)', incidentNumber)
    .option('--since <duration>', 'incidents changed in this last while, e.g. 24h', duration)
    .option('--dry-run', 'list the cards that would be re-rendered, change nothing')
    .addOption(jsonOption())
    .action(lazy(() => import('./commands/resync.js'), 'resyncCommand'));

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

  const cfg = program.command('config').description('where data lives, the incident API token and the incident page link key');
  cfg
    .command('show-token')
    .description('print the incident API bearer token (generated by the first `serve`)')
    .action(lazy(config, 'showToken'));
  cfg
    .command('rotate-token')
    .description('replace the stored incident API token with a new one')
    .action(lazy(config, 'rotateToken'));
  cfg
    .command('rotate-link-key')
    .description('replace the key that signs incident page links: every link made before stops working')
    .action(lazy(config, 'rotateLinkKey'));
  cfg.command('paths').description('show the data folder, database and key file').addOption(jsonOption()).action(lazy(config, 'showPaths'));

  return program;
}
