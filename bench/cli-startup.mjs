// `opsknight-slack --help` wall time (goal: median < 150 ms), beside bare `node -e ''` for the floor.
import { spawnSync } from 'node:child_process';
import { BIN, median } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
function time(args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times;
}
const help = time([BIN, '--help']);
const floor = time(['-e', '']);
console.log(
  JSON.stringify(
    {
      bench: 'opsknight-slack --help wall time',
      runs: RUNS,
      median_ms: Number(median(help).toFixed(1)),
      min_ms: Number(Math.min(...help).toFixed(1)),
      bare_node_median_ms: Number(median(floor).toFixed(1)),
      goal: 'median < 150 ms',
    },
    null,
    2,
  ),
);
