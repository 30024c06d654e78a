// Paired intake comparison of two built checkouts (a regression hunt on a shared, loaded machine):
// both daemons run side by side, idle, and the same POST /api/incidents load alternates between
// them in short turns (A B B A A B ...), so each pair sees the same machine. Prints each turn's
// incidents/s and the ratio B/A per pair, with the median and range; and each daemon's CPU time per
// incident (user + system, from /proc), which a busy machine disturbs far less than throughput.
//   node scripts/ab-intake.mjs <checkout A> <checkout B> [pairs]
// BENCH_TURN_SECONDS (default 3) sets a turn's length. BENCH_PROFILE=<dir> writes CPU profiles.
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SHIPPED_NODE_OPTIONS, median } from '../bench/lib.mjs';

const [dirA, dirB] = process.argv.slice(2, 4).map((d) => resolve(d));
if (!dirA || !dirB) {
  console.error('usage: node scripts/ab-intake.mjs <checkout A> <checkout B> [pairs]');
  process.exit(2);
}
const PAIRS = Number(process.argv[4] ?? 6);
const TURN_S = Number(process.env.BENCH_TURN_SECONDS ?? 3);

async function daemonOf(dir) {
  const bin = join(dir, 'bin/opsknight-slack.js');
  const home = mkdtempSync(join(tmpdir(), 'opsknight-ab-'));
  const env = { ...process.env, OPSKNIGHT_SLACK_HOME: home, OPSKNIGHT_API_TOKEN: 'bench-token', LOG_LEVEL: 'warn', NO_COLOR: '1', NODE_OPTIONS: SHIPPED_NODE_OPTIONS };
  const r = spawnSync(process.execPath, [bin, 'service', 'add', 'payment-api'], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${dir}: service add failed: ${r.stderr}`);
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`, `--cpu-prof-name=${dir.replace(/\W+/g, '_')}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...profile, bin, 'serve', '--port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const url = await new Promise((ok, fail) => {
    child.stderr.on('data', (d) => {
      err += d;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) ok(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`${dir}: daemon exited ${code}: ${err}`)));
  });
  return {
    url,
    /** CPU seconds the daemon has used (utime + stime; clock ticks are 1/100 s on Linux). */
    cpuS: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    stop: () => new Promise((done) => {
      child.once('exit', () => { rmSync(home, { recursive: true, force: true }); done(); });
      child.kill('SIGTERM');
    }),
  };
}

const load = (url, seconds) => autocannon({
  url: `${url}/api/incidents`,
  connections: 32,
  duration: seconds,
  method: 'POST',
  headers: { authorization: 'Bearer bench-token', 'content-type': 'application/json' },
  body: JSON.stringify({ title: 'Latency spike on checkout', service: 'payment-api', urgency: 'HIGH', components: ['api'] }),
});

const a = await daemonOf(dirA);
const b = await daemonOf(dirB);
const served = new Map([[a, 0], [b, 0]]); // every 2xx each daemon answered, warm-up included
const cpu = new Map([[a, { s: 0, n: 0 }], [b, { s: 0, n: 0 }]]); // measured turns only
const turn = async (d, seconds, measured = true) => {
  const before = d.cpuS();
  const res = await load(d.url, seconds);
  if (res.non2xx || res.errors) throw new Error(`non-2xx ${res.non2xx}, errors ${res.errors}`);
  served.set(d, served.get(d) + res['2xx']);
  if (measured) {
    const c = cpu.get(d);
    c.s += d.cpuS() - before;
    c.n += res['2xx'];
    res.cpuUsPer = ((d.cpuS() - before) * 1e6) / res['2xx'];
  }
  return res;
};
await turn(a, 2, false); // JIT warm-up for both
await turn(b, 2, false);
const rows = [];
for (let i = 0; i < PAIRS; i++) {
  const order = i % 2 ? [b, a] : [a, b];
  const got = new Map();
  for (const d of order) {
    const res = await turn(d, TURN_S);
    got.set(d, res);
  }
  const [ra, rb] = [got.get(a), got.get(b)];
  rows.push({
    a: Math.round(ra.requests.average),
    b: Math.round(rb.requests.average),
    ratio: Number((rb.requests.average / ra.requests.average).toFixed(3)),
    cpu_us_per_incident_a: Math.round(ra.cpuUsPer),
    cpu_us_per_incident_b: Math.round(rb.cpuUsPer),
    cpu_ratio: Number((rb.cpuUsPer / ra.cpuUsPer).toFixed(3)),
  });
  console.error(JSON.stringify(rows.at(-1)));
}
await a.stop();
await b.stop();
const ratios = rows.map((r) => r.ratio);
const cpuRatios = rows.map((r) => r.cpu_ratio);
const perIncident = (d) => Math.round((cpu.get(d).s * 1e6) / cpu.get(d).n);
console.log(JSON.stringify({
  bench: 'A/B intake POST /api/incidents (B/A per interleaved pair)',
  a: dirA, b: dirB, turn_seconds: TURN_S, served_a: served.get(a), served_b: served.get(b), pairs: rows,
  ratio_median: median(ratios), ratio_min: Math.min(...ratios), ratio_max: Math.max(...ratios),
  cpu_us_per_incident_a: perIncident(a), cpu_us_per_incident_b: perIncident(b),
  cpu_ratio_median: median(cpuRatios), cpu_ratio_min: Math.min(...cpuRatios), cpu_ratio_max: Math.max(...cpuRatios),
}, null, 2));
