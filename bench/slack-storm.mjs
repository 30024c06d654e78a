// Alert storm (issue 4): 1,000 incidents over 10 services/channels against the sandbox with Slack's
// pace on. Measures, per channel, the time until it is caught up, beside the floor Slack's pace
// implies; the number of Slack calls; incidents lost (must be 0); 429s and rows given up (must be 0).
// Runs with storm cards (the default) and with them off; an incident counts as visible in its own
// message or on its channel's storm card; then a crash run: kill -9 mid-storm,
// restart, and count incidents missing (must be 0) and duplicated (≤ calls in flight).
// BENCH_INTAKE_S spreads the incidents over that many seconds (as a loaded machine's intake does).
import { spawn } from 'node:child_process';
import { BIN, tempEnv } from './lib.mjs';

const { Sandbox } = await import('../dist/sandbox/sandbox.js');
const { openCore } = await import('../dist/daemon/container.js');
const { connectBotToken } = await import('../dist/slack/workspaces.js');
const { POST_CHANNEL_BURST, POST_PER_CHANNEL_PER_SECOND, POST_WORKSPACE_PER_MINUTE } = await import('../dist/sandbox/rate-limits.js');

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 1000);
const CHANNELS = 10;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function startDaemon(env) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const ready = new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code, signal) => reject(new Error(`daemon exited ${code ?? signal}: ${err.slice(-500)}`)));
  });
  return { child, ready, exited: new Promise((r) => child.on('exit', r)) };
}

async function run({ label, digestThreshold, crashAfterMs }) {
  const sandbox = new Sandbox({ rateLimits: true });
  await sandbox.start();
  const channelIds = [];
  for (let i = 0; i < CHANNELS; i++) {
    const id = `C0STORM${String(i).padStart(4, '0')}`;
    sandbox.world.addChannel({ id, teamId: 'T0SANDBOX01', name: `storm-${i}`, isPrivate: false, isArchived: false, members: ['U0OPSKNIGHT'] });
    channelIds.push(id);
  }
  const home = tempEnv({
    SLACK_API_URL: sandbox.apiUrl,
    SLACK_BOT_TOKEN: sandbox.credentials.botToken,
    SLACK_SIGNING_SECRET: sandbox.credentials.signingSecret,
    OPSKNIGHT_API_TOKEN: 'bench',
    LOG_LEVEL: 'error',
  });
  // Set up services, routes and settings before the daemon starts.
  const core = openCore(home.env);
  const ws = await connectBotToken(core.slackClient(sandbox.credentials.botToken), sandbox.credentials.botToken, core.workspaces);
  core.workspaces.setDefaultChannel(ws.teamId, 'C0INCIDENTS');
  core.workspaces.updateSettings(ws.teamId, { digestThreshold });
  for (let i = 0; i < CHANNELS; i++) {
    core.directory.addService({ slug: `svc-${i}` });
    core.workspaces.setRoute(ws.teamId, { serviceSlug: `svc-${i}`, urgency: null, channelId: channelIds[i] });
  }
  core.close();

  let daemon = startDaemon(home.env);
  let url = await daemon.ready;
  const t0 = Date.now();
  // The storm: 1,000 incidents as fast as the API takes them, spread over the 10 services.
  const ids = [];
  const post = async (n) => {
    const res = await fetch(`${url}/api/incidents`, {
      method: 'POST',
      headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Storm incident ${n}`, service: `svc-${n % CHANNELS}`, urgency: 'HIGH' }),
    });
    ids[n] = (await res.json()).id;
  };
  for (let n = 0; n < INCIDENTS; n += 50) {
    await sleep(t0 + (Number(process.env.BENCH_INTAKE_S ?? 0) * 1000 * n) / INCIDENTS - Date.now());
    await Promise.all(Array.from({ length: Math.min(50, INCIDENTS - n) }, (_, k) => post(n + k)));
  }
  const triggeredMs = Date.now() - t0;

  let inFlightAtCrash = null;
  if (crashAfterMs) {
    await sleep(crashAfterMs);
    const before = sandbox.world.calls.length;
    daemon.child.kill('SIGKILL');
    await daemon.exited;
    inFlightAtCrash = sandbox.world.calls.length - before; // calls that landed between kill and exit
    daemon = startDaemon(home.env);
    url = await daemon.ready;
  }

  // Caught up: every incident routed to a channel is visible there (its own message or a digest line).
  const byChannel = new Map(channelIds.map((c, i) => [c, ids.filter((_, n) => n % CHANNELS === i)]));
  const caughtUpAt = new Map();
  const deadline = Date.now() + 600_000;
  // Visible: its own message (by number), or counted on its channel's storm card.
  const visible = (channel) => {
    const own = new Set();
    let onCards = 0;
    for (const m of sandbox.world.channelMessages(channel)) {
      const card = /Alert storm:\*? ([\d,]+) incidents/.exec(m.text ?? '');
      if (card) onCards += Number(card[1].replaceAll(',', ''));
      else for (const match of (JSON.stringify(m.attachments ?? '') + m.text).matchAll(/\|#(\d+)>/g)) own.add(Number(match[1]));
    }
    return { own, count: own.size + onCards };
  };
  while (caughtUpAt.size < CHANNELS && Date.now() < deadline) {
    for (const [c, list] of byChannel) {
      if (caughtUpAt.has(c)) continue;
      if (visible(c).count >= list.length) caughtUpAt.set(c, Date.now() - t0);
    }
    await sleep(100);
  }
  // Let trailing calls settle, then count.
  await sleep(1500);
  let lost = 0;
  let duplicates = 0;
  for (const [c, list] of byChannel) {
    const counts = new Map();
    for (const m of sandbox.world.channelMessages(c)) {
      if (/Alert storm:/.test(m.text ?? '')) continue;
      const text = JSON.stringify(m.attachments ?? '') + m.text;
      for (const id of new Set([...text.matchAll(/\|#(\d+)>/g)].map((x) => Number(x[1])))) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const n of counts.values()) if (n > 1) duplicates += n - 1;
    lost += Math.max(0, list.length - visible(c).count);
  }
  const calls = sandbox.world.calls;
  const status = await (await fetch(`${url}/healthz`)).json();
  daemon.child.kill('SIGTERM');
  await daemon.exited;
  await sandbox.stop();
  home.remove();

  const perChannel = INCIDENTS / CHANNELS;
  const channelFloorS = Math.max(0, (perChannel - POST_CHANNEL_BURST) / POST_PER_CHANNEL_PER_SECOND);
  const workspaceFloorS = Math.max(0, (INCIDENTS - POST_WORKSPACE_PER_MINUTE / 6) / (POST_WORKSPACE_PER_MINUTE / 60));
  const floorS = Math.max(channelFloorS, workspaceFloorS);
  const caught = [...caughtUpAt.values()].map((ms) => ms / 1000);
  const worst = caught.length === CHANNELS ? Math.max(...caught) : null;
  return {
    run: label,
    incidents: INCIDENTS,
    channels: CHANNELS,
    api_intake_s: +(triggeredMs / 1000).toFixed(2),
    caught_up_s: { min: +Math.min(...caught).toFixed(1), max: worst === null ? 'not all channels caught up' : +worst.toFixed(1) },
    floor_s_without_folding: +floorS.toFixed(1),
    ratio_to_floor: worst === null ? null : +(worst / floorS).toFixed(3),
    slack_calls: calls.length,
    slack_calls_by_method: Object.fromEntries([...new Set(calls.map((c) => c.method))].map((m) => [m, calls.filter((c) => c.method === m).length])),
    answers_429: calls.filter((c) => c.status === 429).length,
    lost,
    duplicates,
    ...(inFlightAtCrash !== null ? { calls_landing_during_kill: inFlightAtCrash } : {}),
    outbox_failed: status.slack.outbox.failed,
  };
}

const only = process.env.BENCH_STORM ?? 'folding,nofolding,crash';
console.log(JSON.stringify({ bench: 'Slack alert storm', goal: 'each channel caught up <= 15 s with folding; <= 1.1x floor without; lost 0; failed 0' }));
const runs = [
  ['folding', { label: 'storm, digest folding on (threshold 8)', digestThreshold: 8 }],
  ['nofolding', { label: 'storm, folding off', digestThreshold: 0 }],
  ['crash', { label: 'storm, folding off, kill -9 after 10 s and restart', digestThreshold: 0, crashAfterMs: 10_000 }],
];
for (const [key, options] of runs) {
  if (only.split(',').includes(key)) console.log(JSON.stringify(await run(options), null, 2));
}
