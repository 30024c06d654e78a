// Storm cards (issue 17): 10,000 incidents into one channel, and 10,000 over 10 channels, against the
// sandbox with Slack's rate limits and our pace on. Measures the time until every incident is
// represented in Slack (its own message, or counted on its channel's storm card), beside the time of
// the last incident; channel messages; Slack calls; 429s; incidents lost (must be 0). Then a bulk
// acknowledge of the 10,000 from Slack ("Acknowledge all", confirmed): time to committed and to the
// card showing it, and whether Slack got its answer within 3 s. BENCH_INCIDENTS, BENCH_URGENCY (HIGH,
// MEDIUM, LOW; default mixed), BENCH_INTAKE_S (spread the incidents over that many seconds; default
// as fast as the API takes them), BENCH_STORM_CARD=one,ten and BENCH_PATIENCE_MS adjust it.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startDaemon, tempEnv } from './lib.mjs';

const { Sandbox } = await import('../dist/sandbox/sandbox.js');
const { openCore } = await import('../dist/daemon/container.js');
const { connectBotToken } = await import('../dist/slack/workspaces.js');

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 10_000);
const INTAKE_S = Number(process.env.BENCH_INTAKE_S ?? 0);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CARD = /Alert storm:\*? ([\d,]+) incidents/;

async function setUp(channels) {
  const sandbox = new Sandbox({ rateLimits: true });
  await sandbox.start();
  const channelIds = [];
  for (let i = 0; i < channels; i++) {
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
  const core = openCore(home.env);
  const ws = await connectBotToken(core.slackClient(sandbox.credentials.botToken), sandbox.credentials.botToken, core.workspaces);
  core.workspaces.setDefaultChannel(ws.teamId, 'C0INCIDENTS');
  for (let i = 0; i < channels; i++) {
    core.directory.addService({ slug: `svc-${i}` });
    core.workspaces.setRoute(ws.teamId, { serviceSlug: `svc-${i}`, urgency: null, channelId: channelIds[i] });
  }
  core.close();
  const daemon = await startDaemon(home.env);
  sandbox.setAppUrls({ interactivityUrl: `${daemon.url}/api/slack/actions`, commandUrl: `${daemon.url}/api/slack/commands` });
  const db = new Database(join(home.dir, 'opsknight-slack.db'), { readonly: true });
  return { sandbox, home, daemon, db, channelIds };
}

/** How many of a channel's incidents Slack shows: own messages (by number) plus storm cards' counts. */
function shown(sandbox, channel) {
  let n = 0;
  const own = new Set();
  for (const m of sandbox.world.channelMessages(channel)) {
    const card = CARD.exec(m.text ?? '');
    if (card) n += Number(card[1].replaceAll(',', ''));
    else for (const x of (JSON.stringify(m.attachments ?? '') + JSON.stringify(m.blocks ?? '') + m.text).matchAll(/\|#(\d+)>/g)) own.add(Number(x[1]));
  }
  return n + own.size;
}

/** Incidents whose message (or card) is not among the channel's messages in Slack. */
function lost(db, sandbox) {
  let missing = 0;
  const rows = db.prepare('SELECT m.channel_id AS channel, m.ts FROM incidents i LEFT JOIN slack_messages m ON m.incident_id = i.id').all();
  const tsByChannel = new Map();
  for (const r of rows) {
    if (!r.ts) {
      missing++;
      continue;
    }
    let set = tsByChannel.get(r.channel);
    if (!set) tsByChannel.set(r.channel, (set = new Set(sandbox.world.channelMessages(r.channel).map((m) => m.ts))));
    if (!set.has(r.ts)) missing++;
  }
  return missing;
}

async function storm({ label, channels }) {
  const env = await setUp(channels);
  const { sandbox, daemon, db, channelIds } = env;
  const t0 = Date.now();
  const post = (n) =>
    fetch(`${daemon.url}/api/incidents`, {
      method: 'POST',
      headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Storm incident ${n}`, service: `svc-${n % channels}`, urgency: process.env.BENCH_URGENCY ?? (n % 7 === 0 ? 'HIGH' : 'LOW') }),
    });
  for (let n = 0; n < INCIDENTS; n += 50) {
    // BENCH_INTAKE_S spreads the storm over that many seconds (as a loaded machine's intake does).
    await sleep(t0 + (INTAKE_S * 1000 * n) / INCIDENTS - Date.now());
    await Promise.all(Array.from({ length: Math.min(50, INCIDENTS - n) }, (_, k) => post(n + k)));
  }
  const lastIncidentAt = Date.now();
  const perChannel = channelIds.map((_, i) => Math.floor(INCIDENTS / channels) + (i < INCIDENTS % channels ? 1 : 0));
  let representedAt = null;
  while (Date.now() - lastIncidentAt < Number(process.env.BENCH_PATIENCE_MS ?? 120_000)) {
    if (channelIds.every((c, i) => shown(sandbox, c) >= perChannel[i])) {
      representedAt = Date.now();
      break;
    }
    await sleep(100);
  }
  await sleep(1500);
  if (process.env.BENCH_DEBUG) for (const c of channelIds) console.error(c, shown(sandbox, c), sandbox.world.channelMessages(c).filter((m) => !m.threadTs).map((m) => m.text.slice(0, 80)));
  const calls = sandbox.world.calls;
  const result = {
    run: label,
    incidents: INCIDENTS,
    channels,
    api_intake_s: +((lastIncidentAt - t0) / 1000).toFixed(1),
    represented_after_last_incident_s: representedAt === null ? `not within ${Number(process.env.BENCH_PATIENCE_MS ?? 120_000) / 1000} s` : +((representedAt - lastIncidentAt) / 1000).toFixed(1),
    represented_after_first_incident_s: representedAt === null ? null : +((representedAt - t0) / 1000).toFixed(1),
    channel_messages_max: Math.max(...channelIds.map((c) => sandbox.world.channelMessages(c).filter((m) => !m.threadTs).length)),
    slack_calls: calls.length,
    slack_calls_by_method: Object.fromEntries([...new Set(calls.map((c) => c.method))].map((m) => [m, calls.filter((c) => c.method === m).length])),
    answers_429: calls.filter((c) => c.status === 429).length,
    lost: lost(db, sandbox),
  };
  return { env, result };
}

async function bulkAcknowledge(env) {
  const { sandbox, db, channelIds } = env;
  const card = sandbox.world.channelMessages(channelIds[0]).find((m) => CARD.test(m.text ?? ''));
  const before = sandbox.world.calls.length;
  const t0 = Date.now();
  const answer = await sandbox.driver.act({ message: card, userId: 'U0JANE00001', actionId: 'opsknight_storm_acknowledge_all', dialog: 'confirm' });
  const answeredMs = Date.now() - t0;
  let committedAt = null;
  let cardAt = null;
  const members = db.prepare('SELECT count(*) AS n FROM slack_messages WHERE digest_id IS NOT NULL').get().n;
  const acknowledged = db.prepare("SELECT count(*) AS n FROM incidents i JOIN slack_messages m ON m.incident_id = i.id WHERE m.digest_id IS NOT NULL AND i.status = 'ACKNOWLEDGED'");
  const cardSays = `State:* ${members.toLocaleString('en-US')} acknowledged`;
  while (Date.now() - t0 < 120_000 && (committedAt === null || cardAt === null)) {
    if (committedAt === null && acknowledged.get().n >= members) committedAt = Date.now();
    const now = sandbox.world.channelMessages(channelIds[0]).find((m) => m.ts === card.ts);
    if (cardAt === null && JSON.stringify(now.blocks).includes(cardSays)) cardAt = Date.now();
    await sleep(50);
  }
  await sleep(1000);
  const calls = sandbox.world.calls.slice(before);
  return {
    run: 'bulk acknowledge of the storm from Slack (Acknowledge all, confirmed)',
    incidents_on_card: members,
    answer_status: answer.status,
    answered_ms: answeredMs,
    committed_s: committedAt === null ? 'not within 120 s' : +((committedAt - t0) / 1000).toFixed(2),
    card_updated_s: cardAt === null ? 'not within 120 s' : +((cardAt - t0) / 1000).toFixed(2),
    thread_replies: sandbox.world.replies(card.channel, card.ts).length,
    slack_calls: calls.length,
    slack_calls_by_method: Object.fromEntries([...new Set(calls.map((c) => c.method))].map((m) => [m, calls.filter((c) => c.method === m).length])),
  };
}

async function tearDown(env) {
  env.db.close();
  await env.daemon.stop();
  await env.sandbox.stop();
  env.home.remove();
}

console.log(JSON.stringify({ bench: 'Slack storm cards', goal: 'one channel: represented <= 10 s after the last incident, <= 5 channel messages, lost 0; bulk acknowledge answered < 3 s' }));
const only = (process.env.BENCH_STORM_CARD ?? 'one,ten').split(',');
if (only.includes('one')) {
  const { env, result } = await storm({ label: `${INCIDENTS.toLocaleString('en-US')} incidents into one channel`, channels: 1 });
  console.log(JSON.stringify(result, null, 2));
  console.log(JSON.stringify(await bulkAcknowledge(env), null, 2));
  await tearDown(env);
}
if (only.includes('ten')) {
  const { env, result } = await storm({ label: `${INCIDENTS.toLocaleString('en-US')} incidents over 10 channels`, channels: 10 });
  console.log(JSON.stringify(result, null, 2));
  await tearDown(env);
}
