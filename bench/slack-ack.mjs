// Signed Acknowledge clicks (block_actions) on distinct incidents, 64 concurrent connections, against
// the daemon on loopback: requests/s and p50/p99 latency to the HTTP answer, beside a minimal
// @slack/bolt app doing the same database update, in the same run on the same machine.
// Goal (issue 5): p99 < 10 ms and throughput >= Bolt's.
// Bodies are signed before each run, so the load generator (on the same 2 cores) spends its time
// sending rather than hashing; every click in a run is on an incident nobody has clicked yet. The
// same load against Node's bare http server (bench/http-floor-app.mjs) shows the machine's floor.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { BIN, SHIPPED_NODE_OPTIONS, cli, tempEnv } from './lib.mjs';

const SIGNED_PER_RUN = Number(process.env.BENCH_SIGNED ?? 90000);

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 170000);

function child(args, env, file = BIN) {
  const profile = process.env.BENCH_PROFILE && args[0] === 'serve' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const c = spawn(process.execPath, [...profile, file, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  c.stdout.on('data', (d) => (out += d));
  c.stderr.on('data', (d) => (err += d));
  const ready = new Promise((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]);
      try {
        const info = JSON.parse(out);
        resolve(info);
      } catch {
        /* not yet */
      }
    };
    c.stdout.on('data', check);
    c.stderr.on('data', check);
    c.on('exit', (code) => reject(new Error(`${args[0]} exited ${code}: ${err.slice(-400)}`)));
  });
  return { c, ready, stop: () => new Promise((r) => { c.once('exit', r); c.kill('SIGTERM'); }) };
}

const sandbox = child(['sandbox', '--port', '0', '--json', '--no-rate-limits'], { ...process.env });
const info = await sandbox.ready;
const home = tempEnv({ SLACK_API_URL: info.api_url, SLACK_BOT_TOKEN: info.bot_token, SLACK_SIGNING_SECRET: info.signing_secret, OPSKNIGHT_API_TOKEN: 'bench', LOG_LEVEL: 'error' });
cli(['service', 'add', 'payment-api'], home.env);
const daemon = child(['serve', '--port', '0'], home.env);
const url = await daemon.ready;

// Open the incidents to click on (no channel is routed: this measures the click, not delivery).
for (let n = 0; n < INCIDENTS; n += 200) {
  await Promise.all(
    Array.from({ length: Math.min(200, INCIDENTS - n) }, () =>
      fetch(`${url}/api/incidents`, { method: 'POST', headers: { authorization: 'Bearer bench', 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Database Connection Timeout', service: 'payment-api', urgency: 'HIGH' }) }),
    ),
  );
}
await daemon.stop();
// Bolt gets a copy of the same database.
const boltDb = join(home.dir, 'bolt.db');
const { default: Database } = await import('better-sqlite3');
const src = new Database(join(home.dir, 'opsknight-slack.db'));
src.pragma('wal_checkpoint(TRUNCATE)');
src.close();
copyFileSync(join(home.dir, 'opsknight-slack.db'), boltDb);

function signedClick(id) {
  const payload = {
    type: 'block_actions',
    user: { id: 'U0JANE00001', username: 'jane', name: 'jane', team_id: 'T0SANDBOX01' },
    api_app_id: 'A0SANDBOX01',
    token: 'verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0INCIDENTS', is_ephemeral: false },
    trigger_id: `${Date.now()}.${id}.0123456789abcdef0123456789abcdef`,
    team: { id: 'T0SANDBOX01', domain: 'acme-ops' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: 'C0INCIDENTS', name: 'incidents' },
    response_url: 'http://127.0.0.1:9/unused',
    actions: [{ action_id: 'opsknight_acknowledge', block_id: `incident_actions_${id}`, type: 'button', value: String(id), text: { type: 'plain_text', text: 'Acknowledge' }, action_ts: '1700000001.000200' }],
  };
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = `v0=${createHmac('sha256', info.signing_secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': sig } };
}

// Each target has its own copy of the database; its runs click incidents first…last in order.
function clicker() {
  let next = 1;
  return async function clicks(target, seconds = SECONDS, connections = 64) {
    const first = next;
    const signed = Array.from({ length: Math.min(SIGNED_PER_RUN, INCIDENTS - first + 1) }, (_, i) => signedClick(first + i));
    let sent = 0;
    const result = await autocannon({
      url: `${target}/api/slack/actions`,
      connections,
      duration: seconds,
      method: 'POST',
      requests: [{ setupRequest: (req) => ({ ...req, ...signed[sent++ % signed.length] }) }],
    });
    next += Math.min(sent, signed.length);
    return { ...result, repeated: Math.max(0, sent - signed.length) };
  };
}

const summary = (r) => ({
  clicks_on_already_clicked_incidents: r.repeated, requests_per_s: Math.round(r.requests.average), p50_ms: r.latency.p50, p90_ms: r.latency.p90, p99_ms: r.latency.p99, max_ms: r.latency.max, non_2xx: r.non2xx, errors: r.errors, total: r.requests.total });

async function measure(target) {
  const clicks = clicker();
  await clicks(target, 2); // warm-up
  const heavy = await clicks(target);
  // Latency per click when the machine is not saturated: 8 connections.
  const light = await clicks(target, 5, 8);
  return { heavy, light };
}

const ours = child(['serve', '--port', '0'], home.env);
const oursResult = await measure(await ours.ready);
await ours.stop();

// Every server here runs with the daemon's shipped Node options, so the runtime is the same for all.
const boltApp = child([], { ...process.env, NODE_OPTIONS: SHIPPED_NODE_OPTIONS, BOLT_DB: boltDb, SLACK_SIGNING_SECRET: info.signing_secret }, new URL('./bolt-ack-app.mjs', import.meta.url).pathname);
const boltResult = await measure(await boltApp.ready);
await boltApp.stop();

const floorApp = child([], { ...process.env, NODE_OPTIONS: SHIPPED_NODE_OPTIONS, SLACK_SIGNING_SECRET: info.signing_secret }, new URL('./http-floor-app.mjs', import.meta.url).pathname);
const floorResult = await measure(await floorApp.ready);
await floorApp.stop();
await sandbox.stop();
home.remove();

console.log(
  JSON.stringify(
    {
      bench: 'signed Acknowledge clicks, 64 connections',
      seconds: SECONDS,
      goal: 'p99 < 10 ms, throughput >= Bolt',
      opsknight: summary(oursResult.heavy),
      bolt_express_receiver: summary(boltResult.heavy),
      node_http_floor_verify_only: summary(floorResult.heavy),
      at_8_connections: { opsknight: summary(oursResult.light), bolt: summary(boltResult.light), node_http_floor_verify_only: summary(floorResult.light) },
    },
    null,
    2,
  ),
);
