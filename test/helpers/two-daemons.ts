// Two daemons sharing one store (one SQLite file, or one PostgreSQL database when `env` says so)
// and one clock, in this process, with the Slack sandbox: each has its own connection, scheduler,
// delivery and HTTP port, as two machines behind one proxy would.
import { startDaemon, type RunningDaemon } from '../../src/daemon/lifecycle.js';
import { createLogger } from '../../src/observability/logger.js';
import { Sandbox } from '../../src/sandbox/sandbox.js';
import { SlackStory } from './slack-story.js';
import { tempHome } from './temp.js';
import { TestClock } from './test-clock.js';

export interface TwoDaemons {
  sandbox: Sandbox;
  slack: SlackStory;
  clock: TestClock;
  env: NodeJS.ProcessEnv;
  teamId: string;
  daemons: RunningDaemon[];
  /** Starts another daemon on the same store (e.g. after one was stopped: a rolling restart). */
  startAnother(): Promise<RunningDaemon>;
  api(daemon: RunningDaemon, method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers
  trigger(daemon: RunningDaemon, body?: Record<string, unknown>): Promise<{ id: number }>;
  /** A Prometheus counter's total on one daemon (summed over its labels). */
  counter(daemon: RunningDaemon, name: string): Promise<number>;
  /** Moves time on and lets every running scheduler see it. */
  advance(ms: number): void;
  /** Waits until the outbox is empty and no daemon has a call in flight. */
  settle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** socketMode: both daemons connect to the sandbox over Socket Mode (SLACK_APP_TOKEN). */
export async function startTwoDaemons(options: { env?: NodeJS.ProcessEnv; services?: string[]; socketMode?: boolean } = {}): Promise<TwoDaemons> {
  const clock = new TestClock();
  const sandbox = new Sandbox({ rateLimits: false, now: () => clock.ms() });
  await sandbox.start();
  const home = tempHome();
  const env: NodeJS.ProcessEnv = {
    ...home.env,
    SLACK_API_URL: sandbox.apiUrl,
    SLACK_BOT_TOKEN: sandbox.credentials.botToken,
    SLACK_SIGNING_SECRET: sandbox.credentials.signingSecret,
    OPSKNIGHT_API_TOKEN: 'test-api-token',
    OPSKNIGHT_SLACK_PACE: 'off',
    ...(options.socketMode ? { SLACK_APP_TOKEN: sandbox.credentials.appToken } : {}),
    ...options.env,
  };
  const teamId = sandbox.credentials.teamId;
  const daemons: RunningDaemon[] = [];
  const startAnother = async () => {
    const d = await startDaemon({ port: 0, host: '127.0.0.1' }, env, { logger: createLogger(process.env.TEST_DAEMON_LOG === 'on' ? 'warn' : 'silent'), clock });
    daemons.push(d);
    return d;
  };
  const first = await startAnother();
  first.core.workspaces.setDefaultChannel(teamId, 'C0INCIDENTS');
  for (const slug of options.services ?? ['payment-api']) first.core.directory.addService({ slug });
  await startAnother();
  sandbox.setAppUrls({ interactivityUrl: `${first.url}/api/slack/actions`, commandUrl: `${first.url}/api/slack/commands` });

  const api: TwoDaemons['api'] = async (daemon, method, path, body) => {
    const res = await fetch(daemon.url + path, {
      method,
      headers: { authorization: 'Bearer test-api-token', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };
  return {
    sandbox,
    slack: new SlackStory(sandbox, teamId),
    clock,
    env,
    teamId,
    daemons,
    startAnother,
    api,
    async trigger(daemon, body = {}) {
      const res = await api(daemon, 'POST', '/api/incidents', { title: 'Database Connection Timeout', service: 'payment-api', urgency: 'HIGH', ...body });
      if (res.status !== 201) throw new Error(`trigger failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: number };
    },
    async counter(daemon, name) {
      const text = (await api(daemon, 'GET', '/metrics')).body as string;
      return text
        .split('\n')
        .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
        .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    },
    advance(ms) {
      clock.advance(ms);
      for (const d of daemons) d.scheduler.poke();
    },
    async settle(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      const live = daemons.filter((d) => d.server.listening);
      while (!live.every((d) => d.delivery.idle())) {
        if (Date.now() > deadline) throw new Error('outbox did not drain');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      for (const d of daemons) await d.stop();
      await sandbox.stop();
      home.remove();
    },
  };
}
