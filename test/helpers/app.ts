// Starts the real HTTP app on a random loopback port with its own temporary database.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadServeConfig } from '../../src/config/load.js';
import { composeDaemon } from '../../src/daemon/compose-daemon.js';
import type { Core } from '../../src/daemon/container.js';
import { createLogger, type Logger } from '../../src/observability/logger.js';
import { tempHome } from './temp.js';

export interface TestApp {
  url: string;
  token: string;
  core: Core;
  /** fetch with the API token and JSON body. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers
  close(): Promise<void>;
}

/** Log lines the app wrote, parsed (pass `logs` to startTestApp to collect them). */
export type LogLine = { level: string; msg: string } & Record<string, unknown>;

export function logCollector(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger('debug', { write: (chunk: string) => void lines.push(JSON.parse(chunk) as LogLine) });
  return { logger, lines };
}

export async function startTestApp(options: { logger?: Logger } = {}): Promise<TestApp> {
  const home = tempHome();
  // The daemon's own composition, not listening and not running (no delivery, no scheduler): the
  // app is served on its own, as Express sees it.
  const config = loadServeConfig({ port: 0, host: '127.0.0.1' }, home.env);
  const { core, http, apiToken } = composeDaemon(config, home.env, { logger: options.logger ?? createLogger('silent') });
  const token = apiToken();
  const { app } = http;
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    token,
    core,
    async api(method, path, body, headers = {}) {
      const res = await fetch(url + path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body: parsed };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      core.close();
      home.remove();
    },
  };
}
