// Starts the daemon built by the composition root (container.ts): listen, connect Slack, deliver
// the outbox, run the scheduler, and shut down cleanly on SIGINT/SIGTERM.
import { createServer, type Server, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadServeConfig, type ServeFlags } from '../config/load.js';
import type { ServeConfig } from '../config/schema.js';
import { APP_TOKEN_SETTING } from '../config/setting-keys.js';
import { systemClock, type Clock } from '../domain/ports.js';
import type { IncidentLinks } from '../http/incident-links.js';
import { createLogger, type Logger } from '../observability/logger.js';
import type { DeliveryWorker } from '../slack/delivery/worker.js';
import { explainSlackError, classifySlackError } from '../slack/errors.js';
import { connectBotToken } from '../slack/workspaces.js';
import { DAEMON_BUSY_TIMEOUT_MS, retryWhileBusy } from '../store/busy.js';
import { startCheckpointer } from '../store/checkpointer.js';
import { isSqlite } from '../store/engine.js';
import { composeDaemon } from './compose-daemon.js';
import type { Core } from './container.js';
import type { Scheduler } from './scheduler.js';

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
  logger?: Logger;
  /** The daemon's one clock (default: the system's); tests pass one they can advance. */
  clock?: Clock;
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
  const clock = options.clock ?? systemClock;
  const { core, http, delivery, scheduler, links, slack: slackDeps, apiTokenSource, useListenUrl, doctor } = composeDaemon(config, env, { logger, clock });
  // SQLite only: WAL checkpoints off the request path, and no sleeping in SQLite's busy wait once the
  // event loop serves requests (PostgreSQL's waits are bounded by the bridge).
  const sqlite = isSqlite(core.db) ? core.db : null;
  const checkpointer = sqlite ? startCheckpointer(sqlite, (message) => logger.warn(message)) : { stop: async () => undefined };
  sqlite?.pragma(`busy_timeout = ${DAEMON_BUSY_TIMEOUT_MS}`);
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
  useListenUrl(url);

  let slackProblem: string | null = null;
  if (env.SLACK_BOT_TOKEN) {
    try {
      const token = env.SLACK_BOT_TOKEN;
      const startedAt = clock.now().getTime();
      // Each attempt asks Slack (auth.test) before it writes: a few attempts, spaced out.
      const w = await retryWhileBusy(() => connectBotToken(core.slackClient(token), token, core.workspaces), () => clock.now().getTime() - startedAt > 30_000, 2000);
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
      const client = await startSocketMode(appToken, core.slackApiUrl, slackDeps, logger);
      socketMode = client;
      doctor.watchSocket(client);
    } catch (err) {
      const f = classifySlackError(err);
      doctor.watchSocket(null, f.error);
      const source = env.SLACK_APP_TOKEN ? 'SLACK_APP_TOKEN' : 'the app-level token stored by setup';
      slackProblem = `Socket Mode could not connect with ${source} (${f.error}): check the app-level token (xapp-…, scope connections:write).`;
      logger.error({ error: f.error }, slackProblem);
    }
  }
  delivery.start();
  scheduler.start();
  logger.info({ url, database: core.paths.databaseLabel, api_token: apiTokenSource }, 'opsknight-slack daemon listening');

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

  return { url, core, logger, server, delivery, scheduler, links, stop, apiTokenSource, slackProblem };
}
