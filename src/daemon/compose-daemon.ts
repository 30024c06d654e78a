// The composition root, part two. `composeDaemon` builds the whole daemon from the core (container.ts)
// — delivery, group commit, the Slack handlers, the scheduler, the HTTP handler — with one clock for
// all of them, without listening (lifecycle.ts listens and starts it).
import { systemClock, type Clock } from '../domain/ports.js';
import type { ServeConfig } from '../config/schema.js';
import { API_TOKEN_SETTING, CLIENT_ID_SETTING, CLIENT_SECRET_SETTING, LINK_KEY_SETTING, PUBLIC_URL_SETTING } from '../config/setting-keys.js';
import { createHttpHandler, type HttpHandler } from '../http/create-app.js';
import { IncidentLinks } from '../http/incident-links.js';
import { ByteBudget } from '../http/preauth-budget.js';
import { FALLBACK_SERVICE_SETTING } from '../intake/fallback.js';
import type { Logger } from '../observability/logger.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { createDeliveryMetrics, registerLaneGauge } from '../slack/delivery/metrics.js';
import { daemonDoctor, type DaemonDoctor } from './doctor-wiring.js';
import { DeliveryWorker } from '../slack/delivery/worker.js';
import type { SlackDeps } from '../slack/interactions/context.js';
import { archiveIncidentChannelsTask } from '../slack/workflows/archive-sweep.js';
import { handoffTask } from '../slack/oncall/handoff-sweep.js';
import { UserMapper } from '../slack/user-mapping.js';
import { WriteLockWatch } from '../store/busy.js';
import { createGroupCommit, type GroupCommit } from '../store/group-commit.js';
import { OAuthTickets } from '../store/oauth-tickets.js';
import { SqliteUnitOfWork } from '../store/unit-of-work.js';
import { resolveApiToken } from './api-token.js';
import { daemonHealth, slackHealth } from './health.js';
import { watchDatabaseRole } from './database-role.js';
import { describeOnCall } from './oncall-text.js';
import { Scheduler, escalationTask, slaTask, snoozeWakeTask } from './scheduler.js';
import { liveSetting } from './live-setting.js';
import { linkKey, linkTtlMs, signingSecrets } from './secrets-config.js';
import { deliveryLease } from './env-options.js';
import { openCore, type Core } from './container.js';

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
