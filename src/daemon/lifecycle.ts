// Starts the daemon: listen, announce, and shut down cleanly on SIGINT/SIGTERM.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadServeConfig, type ServeFlags } from '../config/load.js';
import { createHttpApp } from '../http/create-app.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { startCheckpointer } from '../store/checkpointer.js';
import { resolveApiToken } from './api-token.js';
import { openCore, type Core } from './container.js';

export interface RunningDaemon {
  url: string;
  core: Core;
  logger: Logger;
  server: Server;
  apiTokenSource: 'environment' | 'stored' | 'generated';
  stop(): Promise<void>;
}

export async function startDaemon(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): Promise<RunningDaemon> {
  const config = loadServeConfig(flags, env);
  const logger = createLogger(config.logLevel);
  const core = openCore(env);
  const metrics = createMetrics();
  const apiToken = resolveApiToken(core.settings, env);
  const checkpointer = startCheckpointer(core.db, (message) => logger.warn(message));

  const app = createHttpApp({
    incidents: core.incidents,
    directory: core.directory,
    logger,
    metrics,
    apiToken: () => apiToken.token,
    trustProxy: config.trustProxy,
    health: () => {
      core.db.prepare('SELECT 1').get();
      return { ok: true, details: { database: 'ok', slack: slackStatus(env) } };
    },
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  }).catch((err: NodeJS.ErrnoException) => {
    void checkpointer.stop().then(() => core.close());
    if (err.code === 'EADDRINUSE') {
      throw new Error(`Port ${config.port} on ${config.host} is already in use: stop the other process or pass --port.`);
    }
    throw err;
  });
  // Slow clients must not hold connections for ever; Slack and proxies keep connections alive briefly.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ url, database: core.paths.database, api_token: apiToken.source }, 'opsknight-slack daemon listening');

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= new Promise<void>((resolve) => {
      server.close(() => {
        void checkpointer.stop().then(() => {
          core.close();
          logger.info('stopped');
          resolve();
        });
      });
      server.closeIdleConnections();
      // Requests still running after 10 s are cut: shutdown must finish.
      setTimeout(() => server.closeAllConnections(), 10_000).unref();
    }));

  return { url, core, logger, server, stop, apiTokenSource: apiToken.source };
}

function slackStatus(env: NodeJS.ProcessEnv): string {
  return env.SLACK_BOT_TOKEN || env.SLACK_CLIENT_ID ? 'configured' : 'not configured';
}
