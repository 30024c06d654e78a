// Several daemons on one database, one emulated Slack: the harness of the high-availability tests
// and benches. The Slack world (slack-world.mjs) runs as its own process; each daemon is the built
// CLI's `serve` (dist/) as its own process, on a free port, with its own data folder, the same
// database (a `postgres://…` URL, or one SQLite file for local development) and the same secret key.
// Plain JavaScript so the benches (bench/*.mjs) use the very same harness as the tests.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/opsknight-slack.js', import.meta.url));
const WORLD = fileURLToPath(new URL('./slack-world.mjs', import.meta.url));
export const API_TOKEN = 'ha-test-token';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the first line the child prints on stdout, or what `pattern` finds on stderr. */
function started(child, what, { pattern, timeoutMs = 30_000 } = {}) {
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start in ${timeoutMs} ms:\n${err.slice(-2000)}`)), timeoutMs);
    const done = (value) => {
      clearTimeout(timer);
      resolve({ value, stderr: () => err });
    };
    if (!pattern) {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) done(out.slice(0, out.indexOf('\n')));
      });
    }
    child.stderr?.on('data', (d) => {
      err += d;
      const m = pattern?.exec(err);
      if (m) done(m[1]);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? signal}) before it started:\n${err.slice(-2000)}`));
    });
  });
}

/** The emulated Slack in its own process, with one front door (SLACK_API_URL) per daemon. */
export async function startSlackWorld({ channels = 10, fronts = 2, rateLimits = true } = {}) {
  const child = spawn(process.execPath, [WORLD, JSON.stringify({ channels, fronts, rateLimits })], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((r) => child.once('exit', r));
  const info = JSON.parse((await started(child, 'the Slack world')).value);
  const control = async (method, path, body) => {
    const res = await fetch(info.control_url + path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    return res.json();
  };
  return {
    ...info,
    /** Per daemon: calls made, calls open (sent, not yet answered to it), answers held back. */
    fronts: () => control('GET', '/fronts'),
    /** Every Slack call since `since` (ms), oldest first: { front, method, started, answered, status }. */
    calls: (since = 0) => control('GET', `/calls?since=${since}`),
    /** From now on this daemon's calls still reach Slack, but their answers are held back. */
    hold: (front) => control('POST', '/hold', { front }),
    release: (front) => control('POST', '/release', { front }),
    /** The channels' messages (replies included) in the order Slack took them:
     *  { ts, thread_ts, text, incidents: numbers linked, storm_total }. */
    messages: (channelIds = info.channels) => control('GET', `/messages?channels=${channelIds.join(',')}`),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A daemon process: `serve` on a free port against the shared database and Slack world. */
async function startDaemonProcess(index, env) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r(code ?? signal)));
  // Its log (JSON lines on stdout): the last 64 kB, for a failing test to show.
  let log = '';
  child.stdout.on('data', (d) => (log = (log + d).slice(-65_536)));
  const { value: url, stderr } = await started(child, `daemon ${index}`, { pattern: /listening on (http:\/\/\S+)/ });
  return {
    index,
    url,
    pid: child.pid,
    exited,
    stderr,
    log: () => log,
    kill: async (signal = 'SIGKILL') => {
      child.kill(signal);
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * N daemons on one database and one Slack world. `db`: `postgres://…` (a fresh, empty database) or
 * omitted for one SQLite file in a temporary folder. `setup(core, world)` runs once before the
 * daemons start, with the workspace connected and services svc-0…svc-N routed to the world's
 * channels (`routes: false`: not routed, so incidents stay out of Slack).
 */
export async function startCluster({ db, daemons = 2, channels = 10, rateLimits = true, pace = true, digestThreshold, routes = true, env = {}, setup } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'opsknight-ha-'));
  const world = await startSlackWorld({ channels, fronts: daemons, rateLimits });
  const shared = {
    PATH: process.env.PATH,
    HOME: dir,
    NO_COLOR: '1',
    LOG_LEVEL: 'warn',
    OPSKNIGHT_SLACK_DB: db ?? join(dir, 'shared.db'),
    // Every daemon must have the same key (the database holds a check of it).
    OPSKNIGHT_SECRET_KEY: randomBytes(32).toString('hex'),
    OPSKNIGHT_API_TOKEN: API_TOKEN,
    OPSKNIGHT_SLACK_PACE: pace ? 'on' : 'off',
    SLACK_BOT_TOKEN: world.bot_token,
    SLACK_SIGNING_SECRET: world.signing_secret,
    ...env,
  };
  const envFor = (i) => ({ ...shared, OPSKNIGHT_SLACK_HOME: join(dir, `daemon-${i}`), SLACK_API_URL: world.api_urls[i] });

  // The workspace, one service per channel and its route, written before any daemon runs.
  const { openCore } = await import('../../dist/daemon/container.js');
  const { connectBotToken } = await import('../../dist/slack/workspaces.js');
  const core = openCore({ ...envFor(0), OPSKNIGHT_SLACK_HOME: join(dir, 'setup') });
  try {
    const ws = await connectBotToken(core.slackClient(world.bot_token), world.bot_token, core.workspaces);
    if (routes) core.workspaces.setDefaultChannel(ws.teamId, world.channels[0]);
    if (digestThreshold !== undefined) core.workspaces.updateSettings(ws.teamId, { digestThreshold });
    world.channels.forEach((channelId, i) => {
      core.directory.addService({ slug: `svc-${i}` });
      if (routes) core.workspaces.setRoute(ws.teamId, { serviceSlug: `svc-${i}`, urgency: null, channelId });
    });
    await setup?.(core, world);
  } finally {
    core.close();
  }

  const running = await Promise.all(Array.from({ length: daemons }, (_, i) => startDaemonProcess(i, envFor(i))));
  const api = async (i, method, path, body) => {
    const res = await fetch(running[i].url + path, {
      method,
      headers: { authorization: `Bearer ${API_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    dir,
    world,
    daemons: running,
    env: envFor,
    api,
    /** Like a reverse proxy's upstream: tries daemon `first`, then the next ones when one does not
     *  answer (connection refused or reset) or answers 503. */
    async apiAnyDaemon(first, method, path, body) {
      let lastError;
      for (let k = 0; k < running.length * 2; k++) {
        const i = (first + k) % running.length;
        try {
          const r = await api(i, method, path, body);
          if (r.status !== 503) return { ...r, daemon: i };
          lastError = new Error(`daemon ${i} answered 503`);
        } catch (err) {
          lastError = err;
        }
        if (k >= running.length - 1) await sleep(100);
      }
      throw lastError;
    },
    async stop() {
      await Promise.all(running.map((d) => d.stop()));
      await world.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns something truthy; throws with `what` after `timeoutMs`. */
export async function waitFor(check, what, timeoutMs = 60_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
