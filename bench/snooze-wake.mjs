// Snooze wake lateness (issue 5): 1,000 incidents snoozed to end within the same minute; how late
// does the scheduler wake each (woken event time − snooze end)? Goal: p99 < 1 s.
import { cli, startDaemon, tempEnv } from './lib.mjs';

const N = Number(process.env.BENCH_SNOOZES ?? 1000);
const home = tempEnv({ OPSKNIGHT_API_TOKEN: 'bench', LOG_LEVEL: 'warn' });
cli(['service', 'add', 'payment-api'], home.env);
const daemon = await startDaemon(home.env);
const api = (method, path, body) =>
  fetch(`${daemon.url}${path}`, { method, headers: { authorization: 'Bearer bench', 'content-type': 'application/json' }, body: body && JSON.stringify(body) }).then((r) => r.json());

const ids = [];
for (let i = 0; i < N; i += 100) {
  const batch = await Promise.all(Array.from({ length: Math.min(100, N - i) }, () => api('POST', '/api/incidents', { title: 'Flapping check', service: 'payment-api', urgency: 'LOW' })));
  ids.push(...batch.map((b) => b.id));
}
// All snoozes end within one minute, starting 15 s from now.
const start = Date.now() + 15_000;
const due = new Map();
for (let i = 0; i < ids.length; i += 100) {
  await Promise.all(
    ids.slice(i, i + 100).map((id, k) => {
      const until = new Date(start + Math.floor(((i + k) / N) * 60_000));
      due.set(id, until.getTime());
      return api('POST', `/api/incidents/${id}/snooze`, { until: until.toISOString() });
    }),
  );
}
await new Promise((r) => setTimeout(r, start + 60_000 - Date.now() + 3000));
const lateness = [];
let missing = 0;
let twice = 0;
for (let i = 0; i < ids.length; i += 100) {
  const shown = await Promise.all(ids.slice(i, i + 100).map((id) => api('GET', `/api/incidents/${id}`)));
  for (const inc of shown) {
    const woken = inc.events.filter((e) => e.type === 'woken');
    if (!woken.length) missing++;
    if (woken.length > 1) twice++;
    if (woken.length) lateness.push(new Date(woken[0].at).getTime() - due.get(inc.id));
  }
}
await daemon.stop();
home.remove();
lateness.sort((a, b) => a - b);
const pct = (p) => lateness[Math.min(lateness.length - 1, Math.floor((p / 100) * lateness.length))];
console.log(JSON.stringify({ bench: 'snooze wake lateness', snoozes: N, window_s: 60, lateness_ms: { p50: pct(50), p99: pct(99), max: lateness.at(-1), min: lateness[0] }, not_woken: missing, woken_twice: twice, goal: 'p99 < 1000 ms' }, null, 2));
