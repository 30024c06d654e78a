// PostgreSQL and several daemons (#18), beside SQLite in the same run on the same machine:
// - intake: POST /api/incidents, 32 connections, incidents/s (mean and per-second range) and p99,
//   on SQLite (one daemon), PostgreSQL with one daemon, and PostgreSQL with two daemons (16
//   connections each, as a reverse proxy's upstream spreads them);
// - ack clicks: signed Acknowledge clicks on distinct incidents (those the intake run opened),
//   32 connections, on SQLite and PostgreSQL;
// - storm: 1,000 incidents over 10 channels against the emulated Slack at Slack's pace, storm cards
//   on: time until every channel shows all its incidents (min–max over channels), on SQLite, on
//   PostgreSQL with one daemon and with two.
// The daemons run through the HA tests' harness (test/helpers/cluster.mjs): serve processes from
// dist/, the emulated Slack in its own process. PostgreSQL: a fresh database per run on the server
// at OPSKNIGHT_TEST_PG_URL (default postgres://postgres:postgres@127.0.0.1:5432/postgres), dropped
// afterwards; without a reachable server only the SQLite rows are printed. BENCH_PG_PARTS picks parts.
import autocannon from 'autocannon';
import { createHmac } from 'node:crypto';
import { API_TOKEN, startCluster, waitFor } from '../test/helpers/cluster.mjs';
import { SHIPPED_NODE_OPTIONS } from './lib.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const STORM = Number(process.env.BENCH_INCIDENTS ?? 1000);
const CHANNELS = 10;
const PARTS = (process.env.BENCH_PG_PARTS ?? 'intake,ack,storm').split(',');
const ADMIN_URL = process.env.OPSKNIGHT_TEST_PG_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const env = { NODE_OPTIONS: SHIPPED_NODE_OPTIONS, LOG_LEVEL: 'error' };

/** A fresh PostgreSQL database for one run, or null when no server answers. */
async function freshDatabase() {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    console.log(JSON.stringify({ note: `PostgreSQL not reachable at ${ADMIN_URL.replace(/:[^:@/]*@/, ':***@')} (${err.message}): PostgreSQL rows skipped` }));
    return null;
  }
  const name = `opsknight_bench_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const body = (n) => JSON.stringify({ title: 'Latency spike on checkout', service: `svc-${n % CHANNELS}`, urgency: 'HIGH', components: ['api'] });
const load = (url, seconds, connections) =>
  autocannon({ url: `${url}/api/incidents`, connections, duration: seconds, method: 'POST', headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' }, body: body(0) });

/** Intake on every daemon of the cluster at once (connections split between them). */
async function intake(cluster) {
  const urls = cluster.daemons.map((d) => d.url);
  await Promise.all(urls.map((u) => load(u, 2, 32 / urls.length))); // warm-up
  const results = await Promise.all(urls.map((u) => load(u, SECONDS, 32 / urls.length)));
  return {
    daemons: urls.length,
    incidents_per_s: Math.round(results.reduce((s, r) => s + r.requests.average, 0)),
    per_second_range: `${results.reduce((s, r) => s + r.requests.min, 0)}–${results.reduce((s, r) => s + r.requests.max, 0)}`,
    p50_ms: Math.max(...results.map((r) => r.latency.p50)),
    p99_ms: Math.max(...results.map((r) => r.latency.p99)),
    non_2xx: results.reduce((s, r) => s + r.non2xx, 0),
    errors: results.reduce((s, r) => s + r.errors, 0),
    opened: results.reduce((s, r) => s + r['2xx'], 0),
  };
}

function signedClick(id, world) {
  const payload = {
    type: 'block_actions',
    user: { id: 'U0JANE00001', username: 'jane', name: 'jane', team_id: world.team_id },
    api_app_id: 'A0SANDBOX01',
    token: 'verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: world.channels[0], is_ephemeral: false },
    trigger_id: `${Date.now()}.${id}.0123456789abcdef0123456789abcdef`,
    team: { id: world.team_id, domain: 'acme-ops' },
    channel: { id: world.channels[0], name: 'ha-0' },
    response_url: 'http://127.0.0.1:9/unused',
    actions: [{ action_id: 'opsknight_acknowledge', block_id: `incident_actions_${id}`, type: 'button', value: String(id), text: { type: 'plain_text', text: 'Acknowledge' }, action_ts: '1700000001.000200' }],
  };
  const form = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = `v0=${createHmac('sha256', world.signing_secret).update(`v0:${ts}:${form}`).digest('hex')}`;
  return { body: form, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': sig } };
}

/** Acknowledge clicks on incidents 1…opened (those intake opened), each exactly once, against the first daemon. */
async function clicks(cluster, opened) {
  const count = Math.min(opened, 20_000);
  const signed = Array.from({ length: count }, (_, i) => signedClick(i + 1, cluster.world));
  let sent = 0;
  const started = Date.now();
  const r = await autocannon({
    url: `${cluster.daemons[0].url}/api/slack/actions`,
    connections: 32,
    amount: count,
    method: 'POST',
    requests: [{ setupRequest: (req) => ({ ...req, ...signed[sent++ % signed.length] }) }],
  });
  const seconds = (Date.now() - started) / 1000;
  return { clicks: count, clicks_per_s: Math.round(count / seconds), p50_ms: r.latency.p50, p99_ms: r.latency.p99, non_2xx: r.non2xx, errors: r.errors };
}

/** 1,000 incidents over 10 channels at Slack's pace: seconds until each channel shows all of its own. */
async function storm(cluster) {
  const { world } = cluster;
  const t0 = Date.now();
  const answers = {};
  for (let n = 0; n < STORM; n += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, STORM - n) }, (_, k) => cluster.apiAnyDaemon((n + k) % cluster.daemons.length, 'POST', '/api/incidents', { title: `Storm incident ${n + k}`, service: `svc-${(n + k) % CHANNELS}`, urgency: 'HIGH' })),
    );
    for (const r of batch) answers[r.status] = (answers[r.status] ?? 0) + 1;
  }
  const intakeS = (Date.now() - t0) / 1000;
  const caught = new Map();
  // Not all shown in time: reported as such (with how many channels were), not thrown, so the other rows still print.
  let timedOut = null;
  await waitFor(
    async () => {
      const all = await world.messages();
      for (const [i, ch] of world.channels.entries()) {
        if (caught.has(ch)) continue;
        let shown = 0;
        const own = new Set();
        for (const m of all[ch]) {
          if (m.thread_ts) continue;
          if (m.storm_total !== null) shown += m.storm_total;
          else for (const id of m.incidents) own.add(id);
        }
        if (shown + own.size >= Math.floor(STORM / CHANNELS) + (i < STORM % CHANNELS ? 1 : 0)) caught.set(ch, (Date.now() - t0) / 1000);
      }
      return caught.size === world.channels.length;
    },
    'every channel to show its incidents',
    300_000,
    100,
  ).catch((err) => (timedOut = err.message));
  const calls = await world.calls();
  const s = [...caught.values()];
  if (timedOut) return { daemons: cluster.daemons.length, intake_s: +intakeS.toFixed(2), intake_answers: answers, not_all_shown: timedOut, channels_shown: caught.size, slack_calls: calls.length };
  return { daemons: cluster.daemons.length, intake_s: +intakeS.toFixed(2), intake_answers: answers, all_shown_s: { min: +Math.min(...s).toFixed(1), max: +Math.max(...s).toFixed(1) }, slack_calls: calls.filter((c) => c.method.startsWith('chat.')).length, answers_429: calls.filter((c) => c.status === 429).length };
}

async function onEngine(engine, daemons, run, options) {
  const fresh = engine === 'postgres' ? await freshDatabase() : null;
  if (engine === 'postgres' && !fresh) return null;
  const cluster = await startCluster({ db: fresh?.url, daemons, channels: CHANNELS, env, ...options });
  try {
    return await run(cluster);
  } finally {
    await cluster.stop();
    await fresh?.drop();
  }
}

const ratio = (a, b) => (a && b ? +(a / b).toFixed(2) : null);
const out = { bench: 'PostgreSQL and two daemons beside SQLite', seconds: SECONDS, goal: 'PostgreSQL beside SQLite in the same run (the issue sets no target); two daemons take at least what one does' };

if (PARTS.includes('intake') || PARTS.includes('ack')) {
  // Intake, then clicks on the incidents it opened (not routed to Slack: this measures the daemon).
  const both = async (cluster) => {
    const i = await intake(cluster);
    return { intake: i, ack: cluster.daemons.length === 1 && PARTS.includes('ack') ? await clicks(cluster, i.opened) : undefined };
  };
  const sqlite = await onEngine('sqlite', 1, both, { routes: false, rateLimits: false });
  const pg1 = await onEngine('postgres', 1, both, { routes: false, rateLimits: false });
  const pg2 = PARTS.includes('intake') ? await onEngine('postgres', 2, both, { routes: false, rateLimits: false }) : null;
  if (PARTS.includes('intake')) {
    out.intake = { sqlite_1_daemon: sqlite.intake, postgres_1_daemon: pg1?.intake ?? 'skipped', postgres_2_daemons: pg2?.intake ?? 'skipped' };
    out.intake_ratio_to_sqlite = { postgres_1_daemon: ratio(pg1?.intake.incidents_per_s, sqlite.intake.incidents_per_s), postgres_2_daemons: ratio(pg2?.intake.incidents_per_s, sqlite.intake.incidents_per_s) };
  }
  if (PARTS.includes('ack')) {
    out.ack_clicks = { sqlite: sqlite.ack, postgres: pg1?.ack ?? 'skipped' };
    out.ack_ratio_to_sqlite = ratio(pg1?.ack.clicks_per_s, sqlite.ack.clicks_per_s);
  }
}
if (PARTS.includes('storm')) {
  const options = { rateLimits: true, pace: true };
  const sqlite = await onEngine('sqlite', 1, storm, options);
  const pg1 = await onEngine('postgres', 1, storm, options);
  const pg2 = await onEngine('postgres', 2, storm, options);
  out.storm = { incidents: STORM, channels: CHANNELS, sqlite_1_daemon: sqlite, postgres_1_daemon: pg1 ?? 'skipped', postgres_2_daemons: pg2 ?? 'skipped' };
  out.storm_ratio_to_sqlite = { postgres_1_daemon: ratio(pg1?.all_shown_s?.max, sqlite.all_shown_s?.max), postgres_2_daemons: ratio(pg2?.all_shown_s?.max, sqlite.all_shown_s?.max) };
}
console.log(JSON.stringify(out, null, 2));
