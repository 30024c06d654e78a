// Escalation and SLA sweep (issue 7): 10,000 open incidents whose first escalation step and
// acknowledge SLA fall due over one minute. Measures the scheduler's sweep time per tick with
// nothing due and with work due, and the lateness of escalations (recorded − due).
// Goal: < 20 ms per idle tick, p99 lateness < 1 s.
import { tempEnv } from './lib.mjs';

const { openCore } = await import('../dist/daemon/container.js');
const { Scheduler, escalationTask, slaTask, snoozeWakeTask } = await import('../dist/daemon/scheduler.js');
const { createLogger } = await import('../dist/observability/logger.js');

const N = Number(process.env.BENCH_INCIDENTS ?? 10_000);
const WINDOW_MS = 60_000;
const LEAD_MS = 8_000;
const home = tempEnv();
let offset = 0;
const clock = { now: () => new Date(Date.now() + offset) };
const core = openCore(home.env, clock);
core.directory.addService({ slug: 'payment-api', ackSlaMinutes: 1, resolveSlaMinutes: 60 });
core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
core.oncall.addPolicy('default', [{ delayMinutes: 1, targets: ['jane@example.com'] }], 0);
core.oncall.setServicePolicy('payment-api', 'default');

// Open the incidents "in the past", so their one-minute timers fall due across the next minute.
const start = Date.now() + LEAD_MS;
for (let i = 0; i < N; i += 500) {
  core.incidents.atomically(() => {
    for (let k = i; k < Math.min(N, i + 500); k++) {
      offset = start + Math.floor((k / N) * WINDOW_MS) - 60_000 - Date.now();
      core.incidents.trigger({ title: `Timer ${k}`, serviceSlug: 'payment-api', urgency: 'HIGH' }, { name: 'bench' }, 'api');
    }
  });
}
offset = 0;

const ticks = [];
const timed = (task) => ({
  ...task,
  run() {
    const t = process.hrtime.bigint();
    const done = task.run();
    ticks.push({ task: task.name, ms: Number(process.hrtime.bigint() - t) / 1e6, done, at: Date.now() });
    return done;
  },
});
const scheduler = new Scheduler([snoozeWakeTask(core.incidents), escalationTask(core.timers), slaTask(core.timers)].map(timed), core.clock, createLogger('silent'));
scheduler.start();
await new Promise((r) => setTimeout(r, start + WINDOW_MS + 3000 - Date.now()));
scheduler.stop();

// A sweep = the three tasks run together; group by time.
const sweeps = [];
for (let i = 0; i < ticks.length; i += 3) {
  const group = ticks.slice(i, i + 3);
  sweeps.push({ ms: group.reduce((a, t) => a + t.ms, 0), done: group.reduce((a, t) => a + t.done, 0), at: group[0].at });
}
const idle = sweeps.filter((s) => s.done === 0).map((s) => s.ms).sort((a, b) => a - b);
const busy = sweeps.filter((s) => s.done > 0).map((s) => s.ms).sort((a, b) => a - b);
const pct = (xs, p) => (xs.length ? +xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))].toFixed(2) : null);

const rows = core.db.prepare("SELECT at, details FROM incident_events WHERE type = 'escalated'").all();
const lateness = rows.map((r) => r.at - Date.parse(JSON.parse(r.details).due_at)).sort((a, b) => a - b);
const breaches = core.db.prepare("SELECT count(*) AS n FROM incident_events WHERE type = 'sla_breached'").get().n;
const perIncident = core.db.prepare("SELECT max(n) AS most FROM (SELECT count(*) AS n FROM incident_events WHERE type = 'escalated' GROUP BY incident_id)").get().most;
core.close();
home.remove();

console.log(
  JSON.stringify(
    {
      bench: 'escalation and SLA sweep',
      incidents: N,
      window_s: WINDOW_MS / 1000,
      sweeps: sweeps.length,
      idle_tick_ms: { p50: pct(idle, 50), p99: pct(idle, 99), max: idle.at(-1) ?? null, count: idle.length },
      busy_tick_ms: { p50: pct(busy, 50), p99: pct(busy, 99), max: busy.at(-1) ?? null, count: busy.length },
      escalations_recorded: rows.length,
      escalations_per_incident_max: perIncident,
      sla_breaches_recorded: breaches,
      escalation_lateness_ms: { p50: pct(lateness, 50), p99: pct(lateness, 99), max: lateness.at(-1) ?? null },
      goal: 'idle tick < 20 ms, p99 lateness < 1000 ms',
    },
    null,
    2,
  ),
);
