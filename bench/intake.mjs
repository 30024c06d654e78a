// Intake through POST /api/incidents with 32 concurrent connections: incidents/s, p50/p99 latency.
// Goal (issue 2): ≥ 2,000 incidents/s and p99 < 20 ms on the 2-core machine; RSS after start < 80 MB.
// The daemon runs with the Node options it ships with (see SHIPPED_NODE_OPTIONS in lib.mjs).
import autocannon from 'autocannon';
import { SHIPPED_NODE_OPTIONS, cli, startDaemon, tempEnv } from './lib.mjs';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const home = tempEnv({ OPSKNIGHT_API_TOKEN: 'bench-token' });
cli(['service', 'add', 'payment-api'], home.env);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// For comparison: RSS when started as plain `node bin/opsknight-slack.js serve`, without the
// shipped Node options (V8's default young generation).
const plain = await startDaemon({ ...home.env, NODE_OPTIONS: '' });
await sleep(1000);
const rssPlain = plain.rssMb();
await plain.stop();

const daemon = await startDaemon(home.env);
await sleep(1000);
const rssAtStart = daemon.rssMb();
// Idle, as a daemon mostly is: V8 returns start-up's garbage (a young generation grown while modules
// loaded) after some seconds without work. This is what the daemon holds while it waits.
const SETTLE_S = Number(process.env.BENCH_SETTLE_SECONDS ?? 30);
await sleep(SETTLE_S * 1000);
const rssSettled = daemon.rssMb();

const load = (seconds) => autocannon({
  url: `${daemon.url}/api/incidents`,
  connections: 32,
  duration: seconds,
  method: 'POST',
  headers: { authorization: 'Bearer bench-token', 'content-type': 'application/json' },
  // No dedup_key, so every request opens a new incident; a fixed body keeps the load generator cheap.
  body: JSON.stringify({ title: 'Latency spike on checkout', service: 'payment-api', urgency: 'HIGH', components: ['api'] }),
});
// A daemon runs warm for months: 2 s of the same load first, so JIT warm-up is not what we measure.
await load(2);
const result = await load(DURATION_S);
const rssAfter = daemon.rssMb();
await daemon.stop();
home.remove();

const figures = {
  bench: 'intake POST /api/incidents',
  connections: 32,
  seconds: DURATION_S,
  incidents_per_s: Math.round(result.requests.average),
  total_2xx: result['2xx'],
  non_2xx: result.non2xx,
  errors: result.errors,
  latency_p50_ms: result.latency.p50,
  latency_p90_ms: result.latency.p90,
  latency_p99_ms: result.latency.p99,
  latency_max_ms: result.latency.max,
  node_options: SHIPPED_NODE_OPTIONS,
  daemon_rss_mb_at_start: Number(rssAtStart.toFixed(1)),
  [`daemon_rss_mb_idle_${SETTLE_S}s_after_start`]: Number(rssSettled.toFixed(1)),
  daemon_rss_mb_after_load: Number(rssAfter.toFixed(1)),
  daemon_rss_mb_at_start_without_node_options: Number(rssPlain.toFixed(1)),
  goal: '>= 2000/s, p99 < 20 ms, RSS at start < 80 MB',
};
console.log(JSON.stringify(figures, null, 2));
