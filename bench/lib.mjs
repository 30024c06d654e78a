// Shared bench helpers: a temporary home, the built CLI, and the daemon as a child process.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/opsknight-slack.js', import.meta.url));

/** The Node options the daemon ships with (the systemd unit's NODE_OPTIONS; `npm start` uses the
 *  same), read from the template so the benches measure the daemon as it is deployed.
 *  BENCH_NODE_OPTIONS overrides them, to compare. */
export const SHIPPED_NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS ?? (() => {
  const unit = readFileSync(fileURLToPath(new URL('../templates/opsknight-slack.service', import.meta.url)), 'utf8');
  const m = /^Environment=NODE_OPTIONS=(.+)$/m.exec(unit);
  if (!m) throw new Error('templates/opsknight-slack.service sets no NODE_OPTIONS');
  return m[1].trim();
})();

export function tempEnv(extra = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'opsknight-bench-'));
  const env = { ...process.env, OPSKNIGHT_SLACK_HOME: dir, LOG_LEVEL: 'warn', NO_COLOR: '1', NODE_OPTIONS: SHIPPED_NODE_OPTIONS, ...extra };
  return { dir, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function cli(args, env) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`opsknight-slack ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export async function startDaemon(env) {
  // BENCH_PROFILE=<dir>: the daemon writes a CPU profile there when it stops.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const url = await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`daemon exited ${code}: ${err}`)));
  });
  return {
    url,
    pid: child.pid,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024,
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
