// CPU per incident opened in the store and domain alone (no HTTP): IncidentService.trigger in
// group-commit batches of 32, with one Slack workspace installed (so every subscriber does its
// work), in this process. CPU time, not wall time, so a busy machine disturbs it little; run it
// for two checkouts in turn to compare them:
//   for d in /tmp/old .; do node scripts/trigger-cpu.mjs $d; done
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? '.');
const home = mkdtempSync(join(tmpdir(), 'opsknight-trigger-'));
const env = { ...process.env, OPSKNIGHT_SLACK_HOME: home, LOG_LEVEL: 'warn' };
const added = spawnSync(process.execPath, [join(dir, 'bin/opsknight-slack.js'), 'service', 'add', 'payment-api'], { env, encoding: 'utf8' });
if (added.status !== 0) throw new Error(`service add failed: ${added.stderr}`);
const { openCore } = await import(join(dir, 'dist/daemon/container.js'));
const core = openCore(env);
core.workspaces.upsert({ teamId: 'T0BENCH', teamName: 'bench', botToken: 'xoxb-bench-token' });
const input = { title: 'Latency spike on checkout', serviceSlug: 'payment-api', urgency: 'HIGH', description: null, components: ['api'], dedupKey: null, assignee: null };
const actor = { name: 'API' };
const round = (batches) => {
  const t = process.cpuUsage();
  for (let b = 0; b < batches; b++) core.incidents.atomicallyEach(Array.from({ length: 32 }, () => () => core.incidents.trigger(input, actor, 'api')));
  const u = process.cpuUsage(t);
  return (u.user + u.system) / (batches * 32);
};
round(100); // JIT warm-up
const us = Array.from({ length: 7 }, () => round(150)).sort((a, b) => a - b);
console.log(JSON.stringify({ checkout: dir, cpu_us_per_incident_median: +us[3].toFixed(1), min: +us[0].toFixed(1), max: +us[6].toFixed(1) }));
core.close();
rmSync(home, { recursive: true, force: true });
