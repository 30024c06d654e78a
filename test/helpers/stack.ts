// The whole thing in one process: the Slack sandbox and the real daemon wired to it.
import { startDaemon, type RunningDaemon } from '../../src/daemon/lifecycle.js';
import { createLogger } from '../../src/observability/logger.js';
import { Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox.js';
import { PATIENCE_MS, SlackStory } from './slack-story.js';
import { tempHome } from './temp.js';
import { TestClock } from './test-clock.js';

export interface Stack {
  sandbox: Sandbox;
  daemon: RunningDaemon;
  slack: SlackStory;
  teamId: string;
  env: NodeJS.ProcessEnv;
  /** The daemon's and the sandbox's clock. */
  clock: TestClock;
  /** Moves time on by `ms` and lets the scheduler see it at once (it sweeps within its poke gap). */
  advance(ms: number): void;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers
  trigger(body?: Record<string, unknown>): Promise<{ id: number }>;
  /** Waits until the outbox is empty and nothing is in flight. */
  settle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Slack's rate limits in the sandbox, and our own pacing (both off by default for speed). */
  rateLimits?: boolean;
  pace?: boolean;
  sandbox?: SandboxOptions;
  env?: NodeJS.ProcessEnv;
  defaultChannel?: string | null;
  services?: string[];
  /** Connect the daemon to the sandbox over Socket Mode (SLACK_APP_TOKEN). */
  socketMode?: boolean;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const clock = new TestClock();
  const sandbox = new Sandbox({ rateLimits: options.rateLimits ?? false, now: () => clock.ms(), ...options.sandbox });
  await sandbox.start();
  const home = tempHome();
  const env: NodeJS.ProcessEnv = {
    ...home.env,
    SLACK_API_URL: sandbox.apiUrl,
    SLACK_BOT_TOKEN: sandbox.credentials.botToken,
    SLACK_SIGNING_SECRET: sandbox.credentials.signingSecret,
    OPSKNIGHT_API_TOKEN: 'test-api-token',
    OPSKNIGHT_SLACK_PACE: options.pace ? 'on' : 'off',
    ...(options.socketMode ? { SLACK_APP_TOKEN: sandbox.credentials.appToken } : {}),
    ...options.env,
  };
  const daemon = await startDaemon({ port: 0, host: '127.0.0.1' }, env, { logger: createLogger((process.env.TEST_LOG_LEVEL ?? 'silent') as 'silent'), clock });
  sandbox.setAppUrls({ interactivityUrl: `${daemon.url}/api/slack/actions`, commandUrl: `${daemon.url}/api/slack/commands` });
  const teamId = sandbox.credentials.teamId;
  if (options.defaultChannel !== null) daemon.core.workspaces.setDefaultChannel(teamId, options.defaultChannel ?? 'C0INCIDENTS');
  for (const slug of options.services ?? ['payment-api']) daemon.core.directory.addService({ slug });

  // eslint-disable-next-line prefer-const -- assigned once below; the closures need it first
  let self: Stack;
  const api: Stack['api'] = async (method, path, body) => {
    // The daemon may have been restarted by the test: always the current one.
    const res = await fetch(self.daemon.url + path, {
      method,
      headers: { authorization: 'Bearer test-api-token', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  self = {
    sandbox,
    daemon,
    slack: new SlackStory(sandbox),
    teamId,
    env,
    clock,
    advance(ms) {
      clock.advance(ms);
      self.daemon.scheduler.poke();
    },
    api,
    async trigger(body = {}) {
      const res = await api('POST', '/api/incidents', { title: 'Database Connection Timeout', service: 'payment-api', urgency: 'HIGH', ...body });
      if (res.status !== 201) throw new Error(`trigger failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: number };
    },
    async settle(timeoutMs = PATIENCE_MS) {
      const deadline = Date.now() + timeoutMs;
      while (!self.daemon.delivery.idle()) {
        if (Date.now() > deadline) throw new Error('outbox did not drain');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      await self.daemon.stop();
      await sandbox.stop();
      home.remove();
    },
  };
  return self;
}
