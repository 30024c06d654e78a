// `--help` of two built checkouts beside bare `node -e ''`, in alternating runs: wall time and the
// child's CPU time (from this process's cutime/cstime in /proc, which a busy machine disturbs far
// less than wall time). Medians over the runs and ratios to bare node.
//   node scripts/ab-startup.mjs <checkout A> <checkout B> [runs=21]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { median } from '../bench/lib.mjs';

const [dirA, dirB] = process.argv.slice(2, 4).map((d) => resolve(d));
if (!dirA || !dirB) {
  console.error('usage: node scripts/ab-startup.mjs <checkout A> <checkout B> [runs]');
  process.exit(2);
}
const RUNS = Number(process.argv[4] ?? 21);
/** CPU seconds of this process's waited-for children so far (clock ticks are 1/100 s). */
const childCpuS = () => {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(f[13]) + Number(f[14])) / 100;
};
const targets = { bare: ['-e', ''], a: [join(dirA, 'bin/opsknight-slack.js'), '--help'], b: [join(dirB, 'bin/opsknight-slack.js'), '--help'] };
const wall = { bare: [], a: [], b: [] };
const cpu = { bare: 0, a: 0, b: 0 };
for (let i = 0; i < RUNS + 1; i++) {
  for (const [name, args] of Object.entries(targets)) {
    const c0 = childCpuS();
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}`);
    if (i === 0) continue; // first round warms the file cache
    wall[name].push(ms);
    cpu[name] += childCpuS() - c0;
  }
}
const cpuMs = (n) => (cpu[n] * 1000) / RUNS;
console.log(JSON.stringify({
  bench: '--help A/B beside bare node (alternating)',
  a: dirA, b: dirB, runs: RUNS,
  wall_median_ms: { bare: +median(wall.bare).toFixed(1), a: +median(wall.a).toFixed(1), b: +median(wall.b).toFixed(1) },
  wall_ratio_to_bare: { a: +(median(wall.a) / median(wall.bare)).toFixed(2), b: +(median(wall.b) / median(wall.bare)).toFixed(2) },
  cpu_mean_ms: { bare: +cpuMs('bare').toFixed(1), a: +cpuMs('a').toFixed(1), b: +cpuMs('b').toFixed(1) },
  cpu_ratio_to_bare: { a: +(cpuMs('a') / cpuMs('bare')).toFixed(2), b: +(cpuMs('b') / cpuMs('bare')).toFixed(2) },
}, null, 2));
