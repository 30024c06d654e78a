// Intake of one 10 MB Alertmanager group (2,000 alerts, 5 kB descriptions: issue 11's "large
// notification"): time until the answer, which comes once every incident is committed, and the
// daemon's peak RSS (VmHWM). Floor in the same run: JSON.parse of the same body in this process.
// Also the same group sent again (every alert folds into its open incident). Three fresh daemons;
// figures are ranges (min–max) over them.
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { SHIPPED_NODE_OPTIONS, cli, startDaemon, tempEnv } from './lib.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ALERTS = 2000;
const description = 'Latency above the SLO for 5 minutes. '.repeat(135); // ≈ 5 kB
const hook = {
  version: '4',
  groupKey: '{}/{}:{alertname="HighLatency"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'opsknight',
  groupLabels: { alertname: 'HighLatency' },
  commonLabels: { alertname: 'HighLatency', service: 'payment-api' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager.example.com:9093',
  alerts: Array.from({ length: ALERTS }, (_, i) => ({
    status: 'firing',
    labels: { alertname: 'HighLatency', service: 'payment-api', severity: 'critical', instance: `node-${i}:9100` },
    annotations: { summary: `p99 latency above 2s on node-${i}`, description, runbook_url: 'https://runbooks.example.com/latency' },
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example.com/graph?g0.expr=latency',
    fingerprint: `fp${i}`,
  })),
};
const body = JSON.stringify(hook);

const hwmMb = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function post(url) {
  const started = performance.now();
  const res = await fetch(`${url}/api/integrations/alertmanager`, {
    method: 'POST',
    headers: { authorization: 'Bearer bench-token', 'content-type': 'application/json' },
    body,
  });
  const answer = await res.json();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`answered ${res.status}: ${JSON.stringify(answer).slice(0, 300)}`);
  return { ms, actions: answer.results.map((r) => r.action) };
}

const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  const home = tempEnv({ OPSKNIGHT_API_TOKEN: 'bench-token' });
  cli(['service', 'add', 'payment-api'], home.env);
  const daemon = await startDaemon(home.env);
  const rssBefore = daemon.rssMb();
  const first = await post(daemon.url);
  const hwmFirst = hwmMb(daemon.pid);
  const again = await post(daemon.url);
  const total = await (await fetch(`${daemon.url}/api/incidents?limit=1`, { headers: { authorization: 'Bearer bench-token' } })).json();
  const hwm = hwmMb(daemon.pid);
  await daemon.stop();
  home.remove();
  if (first.actions.filter((a) => a === 'created').length !== ALERTS || total.total !== ALERTS) throw new Error('not every alert became an incident');
  if (again.actions.filter((a) => a === 'deduplicated').length !== ALERTS) throw new Error('the repeat did not fold');
  const parseStarted = performance.now();
  JSON.parse(body);
  const parseMs = performance.now() - parseStarted;
  rounds.push({ ms: first.ms, againMs: again.ms, parseMs, rssBefore, hwmFirst, hwm });
}

const range = (xs, digits = 0) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
console.log(
  JSON.stringify(
    {
      bench: 'Alertmanager webhook: one 10 MB group',
      body_mb: Number((Buffer.byteLength(body) / 1e6).toFixed(1)),
      alerts: ALERTS,
      rounds: ROUNDS,
      ms_until_all_incidents_committed: range(rounds.map((x) => x.ms)),
      incidents_per_s: range(rounds.map((x) => (ALERTS / x.ms) * 1000)),
      ms_same_group_again_all_folded: range(rounds.map((x) => x.againMs)),
      floor_ms_json_parse_of_the_body: range(rounds.map((x) => x.parseMs), 1),
      ratio_to_floor: range(rounds.map((x) => x.ms / x.parseMs), 1),
      daemon_rss_mb_before: range(rounds.map((x) => x.rssBefore), 1),
      daemon_rss_peak_mb_first_post: range(rounds.map((x) => x.hwmFirst), 1),
      daemon_rss_peak_mb_after_both: range(rounds.map((x) => x.hwm), 1),
      node_options: SHIPPED_NODE_OPTIONS,
    },
    null,
    2,
  ),
);
