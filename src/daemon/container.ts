// The one composition root. `openCore` opens the store and builds the domain services and the Slack
// notifier on it (every process: the daemon and each CLI command). `composeDaemon` builds the whole
// daemon from that core — delivery, group commit, the Slack handlers, the scheduler, the HTTP
// handler — with one clock for all of them, without listening (lifecycle.ts listens and starts it).
import type { WebClient } from '@slack/web-api';
import { ChangeLog } from '../domain/change-log.js';
import { Directory } from '../domain/directory.js';
import { IncidentService } from '../domain/incident-service.js';
import { EscalationTimers, TimerSweep } from '../domain/escalation-service.js';
import type { IncidentDomainEvent } from '../domain/events.js';
import { OnCallDirectory } from '../domain/oncall-directory.js';
import { systemClock, type Clock } from '../domain/ports.js';
import { resolvePaths, type DataPaths } from '../config/paths.js';
import type { ServeConfig } from '../config/schema.js';
import { API_TOKEN_SETTING, CLIENT_ID_SETTING, CLIENT_SECRET_SETTING, LINK_KEY_SETTING, PUBLIC_URL_SETTING } from '../config/setting-keys.js';
import { createHttpHandler, type HttpHandler } from '../http/create-app.js';
import { IncidentLinks } from '../http/incident-links.js';
import { ByteBudget } from '../http/preauth-budget.js';
import { FALLBACK_SERVICE_SETTING } from '../intake/fallback.js';
import type { Logger } from '../observability/logger.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { createSlackClient, DEFAULT_SLACK_API_URL } from '../slack/client.js';
import { createDeliveryMetrics, registerLaneGauge } from '../slack/delivery/metrics.js';
import { daemonDoctor, type DaemonDoctor } from './doctor-wiring.js';
import { SlackUsers } from '../slack/slack-users.js';
import { DeliveryWorker, type DeliveryDeps } from '../slack/delivery/worker.js';
import type { SlackDeps } from '../slack/interactions/context.js';
import { SlackNotifier } from '../slack/notifier.js';
import { WorkflowRepo } from '../store/workflow-repo.js';
import { WorkflowNotifier } from '../slack/workflows/notifier.js';
import { archiveIncidentChannelsTask } from '../slack/workflows/archive-sweep.js';
import { handoffTask } from '../slack/oncall/handoff-sweep.js';
import { ScheduleSlackRepo } from '../store/schedule-slack-repo.js';
import { incidentChannelStarter, type StartIncidentChannel } from '../slack/workflows/start-channel.js';
import { UserMapper } from '../slack/user-mapping.js';
import { WriteLockWatch } from '../store/busy.js';
import { openDatabase, type Db } from '../store/db.js';
import { ConfigVersion } from '../store/config-version.js';
import { DeliveryLeases } from '../store/delivery-leases.js';
import { createGroupCommit, type GroupCommit } from '../store/group-commit.js';
import { OAuthTickets } from '../store/oauth-tickets.js';
import { OutboxRepo } from '../store/outbox-repo.js';
import { verifySecretKey } from '../store/key-check.js';
import { SecretBox } from '../store/secrets.js';
import { SettingsRepo } from '../store/settings-repo.js';
import { TeamRepo } from '../store/team-repo.js';
import { SqliteUnitOfWork } from '../store/unit-of-work.js';
import type { Workspace } from '../store/workspace-repo.js';
import { WorkspaceRepo } from '../store/workspace-repo.js';
import { resolveApiToken } from './api-token.js';
import { daemonHealth, slackHealth } from './health.js';
import { watchDatabaseRole } from './database-role.js';
import { describeOnCall } from './oncall-text.js';
import { Scheduler, escalationTask, slaTask, snoozeWakeTask } from './scheduler.js';
import { liveSetting } from './live-setting.js';
import { linkKey, linkTtlMs, signingSecrets } from './secrets-config.js';
import { deliveryLease, reopenWindow, slackWorld } from './env-options.js';

export interface Core {
  paths: DataPaths;
  db: Db;
  /** Settings, workspaces and users changed (by any process): caches follow it. */
  configVersion: ConfigVersion;
  settings: SettingsRepo;
  secrets: SecretBox;
  incidents: IncidentService;
  /** Changes reported per service (PagerDuty Change Events). */
  changes: ChangeLog;
  directory: Directory;
  oncall: OnCallDirectory;
  timers: TimerSweep;
  workspaces: WorkspaceRepo;
  outbox: OutboxRepo;
  /** Workflow rules and the channels opened for incidents. */
  workflows: WorkflowRepo;
  /** Opens an incident's channel on demand (the card's menu, /opsknight channel). */
  startIncidentChannel: StartIncidentChannel;
  /** Teams, members, service owners and roles (who sees and acts on what). */
  teams: TeamRepo;
  /** Where schedules show in Slack: handoff channels and on-call user groups. */
  scheduleSlack: ScheduleSlackRepo;
  clock: Clock;
  slackApiUrl: string;
  /** A Web API client for a token (retries off: the outbox owns them). */
  slackClient(token: string | undefined): WebClient;
  /** One client per workspace token, reused. */
  clientFor(w: Workspace): WebClient;
  /** A delivery worker over this store (the daemon runs one; test-channel uses one for a single row). */
  /** Slack user look-ups (profiles, mentions by e-mail), one expiring cache for interactions and delivery. */
  slackUsers: SlackUsers;
  deliveryWorker(options: Pick<DeliveryDeps, 'logger' | 'incidentUrl' | 'stormUrl' | 'metrics' | 'pace' | 'lanes'>): DeliveryWorker;
  /** Calls `listener` after every commit that changed an incident or recorded a change (so after
   *  every commit that may have left Slack work in the outbox). */
  afterCommit(listener: (events: readonly IncidentDomainEvent[]) => void): void;
  close(): void;
}

export function openCore(env: NodeJS.ProcessEnv = process.env, clock: Clock = systemClock): Core {
  const paths = resolvePaths(env);
  const db = openDatabase(paths.database);
  const secrets = SecretBox.fromEnvironment(env, paths.keyFile);
  // Every process sharing the database uses one key: checked when the key is first needed.
  secrets.checkWith(() => verifySecretKey(db, secrets));
  const uow = new SqliteUnitOfWork(db);
  const incidents = new IncidentService(uow, clock, { reopenWindowMs: reopenWindow(env) });
  const changes = new ChangeLog(uow, clock);
  const directory = new Directory(uow, clock);
  const configVersion = new ConfigVersion(db, () => clock.now().getTime());
  const workspaces = new WorkspaceRepo(db, secrets, slackWorld(env), () => configVersion.current());
  const outbox = new OutboxRepo(db);
  const workflows = new WorkflowRepo(db, secrets);
  const slackApiUrl = env.SLACK_API_URL || DEFAULT_SLACK_API_URL;
  const clients = new Map<string, WebClient>();
  const slackUsers = new SlackUsers(() => clock.now().getTime());
  const clientFor = (w: Workspace) => {
    const key = `${w.teamId}:${w.botToken}`;
    let c = clients.get(key);
    if (!c) clients.set(key, (c = createSlackClient(w.botToken, { apiUrl: slackApiUrl })));
    return c;
  };
  // Every incident change, from the daemon or the CLI, keeps its escalation and SLA timers in step
  // and writes its Slack work, in the same transaction.
  incidents.subscribe(new EscalationTimers());
  const notifier = new SlackNotifier({ workspaces, outbox, clock });
  incidents.subscribe(notifier);
  changes.subscribe(notifier);
  incidents.subscribe(new WorkflowNotifier({ workflows, outbox, workspaces, clock }));
  return {
    paths,
    db,
    configVersion,
    secrets,
    settings: new SettingsRepo(db, secrets),
    incidents,
    changes,
    directory,
    oncall: new OnCallDirectory(uow, clock),
    timers: new TimerSweep(uow, incidents, clock),
    workspaces,
    outbox,
    workflows,
    startIncidentChannel: incidentChannelStarter({ uow, workflows, outbox, workspaces, clock }),
    teams: new TeamRepo(db),
    scheduleSlack: new ScheduleSlackRepo(db),
    clock,
    slackApiUrl,
    slackClient: (token) => createSlackClient(token, { apiUrl: slackApiUrl }),
    clientFor,
    slackUsers,
    deliveryWorker: (options) => new DeliveryWorker({ outbox, leases: new DeliveryLeases(db), workspaces, incidents, directory, users: slackUsers, clientFor, clock, workflows, ...options }),
    afterCommit(listener) {
      incidents.subscribe({ afterCommit: listener });
      changes.subscribe({ changeRecorded: () => undefined, afterCommit: () => listener([]) });
    },
    close: () => db.close(),
  };
}

/** The daemon, built and wired but not yet listening or running. */
export interface DaemonParts {
  core: Core;
  logger: Logger;
  metrics: Metrics;
  links: IncidentLinks;
  delivery: DeliveryWorker;
  /** Group commit shared by the API, intake and Slack clicks. */
  commit: GroupCommit;
  slack: SlackDeps;
  /** What doctor asks the running daemon (its request log, Socket Mode's state). */
  doctor: DaemonDoctor;
  scheduler: Scheduler;
  http: HttpHandler;
  /** The incident API's bearer token, as it is now (it can be rotated while the daemon runs). */
  apiToken: () => string;
  apiTokenSource: 'environment' | 'stored' | 'generated';
  /** Links point here when no public URL is configured: the daemon's own address, once it listens. */
  useListenUrl(url: string): void;
}

export interface ComposeOptions {
  logger: Logger;
  /** One clock for the domain, delivery, the scheduler, Slack's handlers and the HTTP handlers (tests advance it). */
  clock?: Clock;
}

export function composeDaemon(config: ServeConfig, env: NodeJS.ProcessEnv, { logger, clock = systemClock }: ComposeOptions): DaemonParts {
  const core = openCore(env, clock);
  // A daemon with another key than the database's refuses to start (and says what to do).
  try {
    core.secrets.load();
  } catch (err) {
    core.close();
    throw err;
  }
  const now = () => clock.now().getTime();
  const metrics = createMetrics();
  const apiToken = resolveApiToken(core.settings, env);
  // `config rotate-token` / `rotate-link-key` in another process reach this daemon within a second.
  const currentApiToken = apiToken.source === 'environment' ? () => apiToken.token : liveSetting(core.settings, API_TOKEN_SETTING, apiToken.token, core.configVersion);
  // The public URL: the flag or environment, else the stored one (`setup` may change it while we run), else where we listen.
  const storedUrl = core.configVersion.memo(() => core.settings.get(PUBLIC_URL_SETTING));
  let listenUrl = '';
  const baseUrl = () => config.publicUrl || storedUrl() || listenUrl;
  const links = new IncidentLinks(liveSetting(core.settings, LINK_KEY_SETTING, linkKey(core.settings), core.configVersion), baseUrl, linkTtlMs(env), now);
  const incidentUrl = (id: number) => links.url(id);

  const doctor = daemonDoctor(core, env);
  const delivery = core.deliveryWorker({
    logger,
    metrics: doctor.countingRateLimits(createDeliveryMetrics(metrics.registry, core.outbox)),
    incidentUrl,
    stormUrl: (id) => links.stormUrl(id),
    pace: env.OPSKNIGHT_SLACK_PACE !== 'off',
    lanes: { owner: doctor.instanceId, leaseMs: deliveryLease(env) },
  });
  registerLaneGauge(metrics.registry, () => delivery.heldLanes());
  const archiveTask = archiveIncidentChannelsTask({ db: core.db, workflows: core.workflows, outbox: core.outbox, clock, wake: () => delivery.wake() });
  const handoffs = handoffTask({ uow: new SqliteUnitOfWork(core.db), scheduleSlack: core.scheduleSlack, outbox: core.outbox, clock, wake: () => delivery.wake() });
  const scheduler = new Scheduler([snoozeWakeTask(core.incidents), escalationTask(core.timers), slaTask(core.timers), archiveTask, handoffs], clock, logger);
  // After a commit: Slack work may be waiting, and something may now fall due sooner than the
  // scheduler aims at (a new incident's escalation, a snooze).
  core.afterCommit((events) => {
    delivery.wake();
    if (events.some((e) => e.type === 'snoozed' || e.type === 'triggered' || e.type === 'woken')) scheduler.poke();
  });

  // On a read-only database (a standby) writes are refused at once, saying so.
  const role = watchDatabaseRole(core.db, now);
  const commit = createGroupCommit(core.incidents, { now, writable: () => role() === 'primary' });
  const writeLock = new WriteLockWatch(core.db, now);
  const slack: SlackDeps = {
    commit,
    incidents: core.incidents,
    changes: core.changes,
    directory: core.directory,
    workspaces: core.workspaces,
    outbox: core.outbox,
    clientFor: (w) => core.clientFor(w),
    mapper: new UserMapper(core.directory, now, core.slackUsers, () => core.configVersion.current()),
    teams: core.teams,
    clock,
    logger,
    incidentUrl,
    onCall: () => describeOnCall(core.oncall.onCall()),
    oncall: core.oncall,
    escalateNow: (id, actor, source) => core.timers.escalateNow(id, actor, source),
    startIncidentChannel: (teamId, incidentId, requestedBy) => {
      const result = core.startIncidentChannel(teamId, incidentId, requestedBy);
      delivery.wake();
      return result;
    },
    deliveryHealth: () => {
      const h = slackHealth(core);
      return { status: h.status, pending: h.outbox.pending, failed: h.outbox.failed };
    },
    healthSummary: () => doctor.summary(),
    onRefusedInactive: (email, slackUser) => doctor.log.refusedInactive(email, slackUser),
  };
  // Read per request, so kept until the configuration changes: `setup` may store a new secret while we run.
  const cachedSigningSecrets = core.configVersion.memo(() => signingSecrets(env, core.settings));

  const http = createHttpHandler({
    incidents: core.incidents,
    directory: core.directory,
    logger,
    metrics,
    apiToken: currentApiToken,
    trustProxy: config.trustProxy,
    links,
    storms: core.outbox.storms,
    commit,
    fallbackService: () => core.settings.get(FALLBACK_SERVICE_SETTING),
    changes: core.changes,
    clock,
    oauth: {
      tickets: new OAuthTickets(core.db),
      workspaces: core.workspaces,
      logger,
      clientId: () => env.SLACK_CLIENT_ID || core.settings.get(CLIENT_ID_SETTING),
      clientSecret: () => env.SLACK_CLIENT_SECRET || core.settings.get(CLIENT_SECRET_SETTING),
      authorizeUrl: env.SLACK_OAUTH_AUTHORIZE_URL || 'https://slack.com/oauth/v2/authorize',
      publicUrl: baseUrl,
      slackClient: (token) => core.slackClient(token),
      now,
    },
    slack: { slack, signingSecrets: cachedSigningSecrets, rejected: metrics.slackRejected, now, requestLog: doctor.log },
    doctor: { facts: () => doctor.log.facts(), findings: () => doctor.json() },
    preAuthBudget: new ByteBudget(Math.round(config.preAuthBudgetMb * 1024 * 1024)),
    health: daemonHealth({ core, role, writeLock, waitingWrites: () => commit.waiting(), lanesHeld: () => delivery.heldLanes().map((l) => l.lane), instance: doctor.instanceId }),
  });

  return {
    core,
    logger,
    metrics,
    doctor,
    links,
    delivery,
    commit,
    slack,
    scheduler,
    http,
    apiToken: currentApiToken,
    apiTokenSource: apiToken.source,
    useListenUrl: (url) => void (listenUrl ||= url),
  };
}
