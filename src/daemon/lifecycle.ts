// Starts the daemon: listen, connect Slack, deliver the outbox, and shut down cleanly on SIGINT/SIGTERM.
import { createServer, type Server, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadServeConfig, type ServeFlags } from '../config/load.js';
import type { ServeConfig } from '../config/schema.js';
import { ByteBudget } from '../http/preauth-budget.js';
import { createHttpHandler } from '../http/create-app.js';
import { createGroupCommit } from '../http/group-commit.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { createDeliveryMetrics } from '../slack/delivery/metrics.js';
import type { DeliveryWorker } from '../slack/delivery/worker.js';
import { explainSlackError, classifySlackError } from '../slack/errors.js';
import { connectBotToken } from '../slack/workspaces.js';
import { DAEMON_BUSY_TIMEOUT_MS, retryWhileBusy, WriteLockWatch } from '../store/busy.js';
import { startCheckpointer } from '../store/checkpointer.js';
import { IncidentLinks } from '../http/incident-links.js';
import { UserMapper } from '../slack/user-mapping.js';
import type { SlackDeps } from '../slack/interactions/context.js';
import { Scheduler, escalationTask, slaTask, snoozeWakeTask } from './scheduler.js';
import { describeOnCall } from './oncall-text.js';
import { linkKey, linkTtlMs, signingSecrets } from './secrets-config.js';
import { liveSetting } from './live-setting.js';
import { API_TOKEN_SETTING, APP_TOKEN_SETTING, CLIENT_ID_SETTING, CLIENT_SECRET_SETTING, LINK_KEY_SETTING, PUBLIC_URL_SETTING } from '../config/setting-keys.js';
import { OAuthTickets } from '../store/oauth-tickets.js';
import { resolveApiToken } from './api-token.js';
import { openCore, type Core } from './container.js';
import { FALLBACK_SERVICE_SETTING } from '../intake/fallback.js';
import { slackHealth } from './health.js';

export interface RunningDaemon {
  url: string;
  core: Core;
  logger: Logger;
  server: Server;
  delivery: DeliveryWorker;
  apiTokenSource: 'environment' | 'stored' | 'generated';
  /** Why Slack is not connected, in words for the start banner; null when it is. */
  slackProblem: string | null;
  scheduler: Scheduler;
  links: IncidentLinks;
  stop(): Promise<void>;
}

export interface DaemonOptions {
  /** Extra wiring before listening (the sandbox mounts itself here). */
  logger?: Logger;
}

/** Slow or stalled clients must not hold connections (or the memory of their bodies) for ever;
 *  Slack and proxies keep connections alive between requests, so idle ones stay open a while. */
function serverOptions(config: ServeConfig): ServerOptions {
  const headersTimeout = config.headersTimeoutSeconds * 1000;
  const requestTimeout = config.requestTimeoutSeconds * 1000;
  return {
    headersTimeout,
    requestTimeout,
    keepAliveTimeout: 65_000,
    // How often Node looks for requests past those timeouts (its default, 30 s, would let a
    // 10 s timeout run to 40 s).
    connectionsCheckingInterval: Math.min(1000, headersTimeout / 2),
  };
}

export async function startDaemon(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env, options: DaemonOptions = {}): Promise<RunningDaemon> {
  const config = loadServeConfig(flags, env);
  const logger = options.logger ?? createLogger(config.logLevel);
  const core = openCore(env);
  const metrics = createMetrics();
  const apiToken = resolveApiToken(core.settings, env);
  // `config rotate-token` / `rotate-link-key` in another process reach this daemon within a second.
  const currentApiToken = apiToken.source === 'environment' ? () => apiToken.token : liveSetting(core.settings, API_TOKEN_SETTING, apiToken.token);
  const checkpointer = startCheckpointer(core.db, (message) => logger.warn(message));
  let baseUrl = config.publicUrl ?? core.settings.get(PUBLIC_URL_SETTING) ?? '';
  const links = new IncidentLinks(liveSetting(core.settings, LINK_KEY_SETTING, linkKey(core.settings)), () => baseUrl, linkTtlMs(env));
  const incidentUrl = (id: number) => links.url(id);

  const delivery = core.deliveryWorker({
    logger,
    metrics: createDeliveryMetrics(metrics.registry, core.outbox),
    incidentUrl,
    stormUrl: (id) => links.stormUrl(id),
    pace: env.OPSKNIGHT_SLACK_PACE !== 'off',
  });

  const commit = createGroupCommit(core.incidents);
  const writeLock = new WriteLockWatch(core.db);
  const slackDeps: SlackDeps = {
    commit,
    incidents: core.incidents,
    changes: core.changes,
    directory: core.directory,
    workspaces: core.workspaces,
    outbox: core.outbox,
    clientFor: (w) => core.clientFor(w),
    mapper: new UserMapper(core.directory, () => core.clock.now().getTime(), core.slackUsers),
    clock: core.clock,
    logger,
    incidentUrl,
    onCall: () => describeOnCall(core.oncall.onCall()),
    escalateNow: (id, actor, source) => core.timers.escalateNow(id, actor, source),
    deliveryHealth: () => {
      const h = slackHealth(core);
      return { status: h.status, pending: h.outbox.pending, failed: h.outbox.failed };
    },
  };
  // Read per request, so cache briefly: `setup` may store a new secret while we run.
  let secretsCache = { at: 0, value: [] as string[] };
  const cachedSigningSecrets = () => {
    if (Date.now() - secretsCache.at > 5000) secretsCache = { at: Date.now(), value: signingSecrets(env, core.settings) };
    return secretsCache.value;
  };
  const scheduler = new Scheduler([snoozeWakeTask(core.incidents), escalationTask(core.timers), slaTask(core.timers)], core.clock, logger);

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
    oauth: {
      tickets: new OAuthTickets(core.db),
      workspaces: core.workspaces,
      logger,
      clientId: () => env.SLACK_CLIENT_ID || core.settings.get(CLIENT_ID_SETTING),
      clientSecret: () => env.SLACK_CLIENT_SECRET || core.settings.get(CLIENT_SECRET_SETTING),
      authorizeUrl: env.SLACK_OAUTH_AUTHORIZE_URL || 'https://slack.com/oauth/v2/authorize',
      publicUrl: () => baseUrl,
      slackClient: (token) => core.slackClient(token),
    },
    slack: { slack: slackDeps, signingSecrets: cachedSigningSecrets, rejected: metrics.slackRejected },
    preAuthBudget: new ByteBudget(Math.round(config.preAuthBudgetMb * 1024 * 1024)),
    health: () => {
      core.db.prepare('SELECT 1').get();
      const slack = slackHealth(core);
      const lock = writeLock.check();
      if (!lock.held) return { ok: true, details: { database: 'ok', slack } };
      const degraded = `the database is locked by another process (seen for ${(lock.forMs / 1000).toFixed(1)} s): reads work; clicks wait and are applied when it is free; intake answers 503 with Retry-After`;
      return { ok: true, degraded, details: { database: 'locked', waiting_writes: commit.waiting(), slack } };
    },
  });

  // From here on the event loop serves requests: it must never sleep in SQLite's busy wait.
  core.db.pragma(`busy_timeout = ${DAEMON_BUSY_TIMEOUT_MS}`);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = createServer(serverOptions(config), http.listener);
    // A client that waits for "100 Continue" gets it only once its headers pass (src/http/read-body.ts):
    // a refused request's body is never sent.
    s.on('checkContinue', http.listener);
    s.maxConnections = config.maxConnections;
    s.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  }).catch(async (err: NodeJS.ErrnoException) => {
    await checkpointer.stop();
    core.close();
    if (err.code === 'EADDRINUSE') {
      throw new Error(`Port ${config.port} on ${config.host} is already in use: stop the other process or pass --port.`);
    }
    throw err;
  });

  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  if (!baseUrl) baseUrl = url;

  let slackProblem: string | null = null;
  if (env.SLACK_BOT_TOKEN) {
    try {
      const token = env.SLACK_BOT_TOKEN;
      const startedAt = Date.now();
      // Each attempt asks Slack (auth.test) before it writes: a few attempts, spaced out.
      const w = await retryWhileBusy(() => connectBotToken(core.slackClient(token), token, core.workspaces), () => Date.now() - startedAt > 30_000, 2000);
      logger.info({ team_id: w.teamId, team: w.teamName }, 'Slack workspace connected');
    } catch (err) {
      const f = classifySlackError(err);
      slackProblem = `SLACK_BOT_TOKEN was not accepted (${f.error}): ${explainSlackError(f.error)}`;
      logger.error({ error: f.error }, slackProblem);
    }
  } else if (!core.workspaces.list().length) {
    slackProblem =
      'No Slack workspace is connected. Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for OAuth installs), or run `opsknight-slack setup`.';
  }
  // Socket Mode: interactions arrive over a websocket (no public URL needed).
  let socketMode: { disconnect(): Promise<void> } | null = null;
  const appToken = env.SLACK_APP_TOKEN || core.settings.get(APP_TOKEN_SETTING);
  if (appToken) {
    try {
      const { startSocketMode } = await import('../slack/socket-mode.js');
      socketMode = await startSocketMode(appToken, core.slackApiUrl, slackDeps, logger);
    } catch (err) {
      const f = classifySlackError(err);
      const source = env.SLACK_APP_TOKEN ? 'SLACK_APP_TOKEN' : 'the app-level token stored by setup';
      slackProblem = `Socket Mode could not connect with ${source} (${f.error}): check the app-level token (xapp-…, scope connections:write).`;
      logger.error({ error: f.error }, slackProblem);
    }
  }
  core.onOutboxWork = () => delivery.wake();
  // A snooze may have just been set to end sooner than anything the scheduler aims at.
  core.incidents.subscribe({ afterCommit: (events) => events.some((e) => e.type === 'snoozed' || e.type === 'triggered' || e.type === 'woken') && scheduler.poke() });
  delivery.start();
  scheduler.start();
  logger.info({ url, database: core.paths.database, api_token: apiToken.source }, 'opsknight-slack daemon listening');

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      scheduler.stop();
      await socketMode?.disconnect().catch(() => undefined);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still running after 10 s are cut: shutdown must finish.
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      });
      await delivery.stop();
      await checkpointer.stop();
      core.close();
      logger.info('stopped');
    })());

  return { url, core, logger, server, delivery, scheduler, links, stop, apiTokenSource: apiToken.source, slackProblem };
}
