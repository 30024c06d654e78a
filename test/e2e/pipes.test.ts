// Output through pipes: complete when the reader is slow, quiet when it leaves, and a daemon whose
// log pipe is gone still stops on SIGTERM.
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../src/daemon/container.js';
import { BIN, startServe } from '../helpers/cli.js';
import { tempHome } from '../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.remove());

function seedIncidents(n: number): void {
  const core = openCore(home.env);
  core.directory.addService({ slug: 'payment-api' });
  core.incidents.atomically(() => {
    for (let i = 0; i < n; i++) core.incidents.trigger({ title: `Database timeout number ${i} on the primary cluster`, serviceSlug: 'payment-api', urgency: 'HIGH' }, { name: 'test' }, 'cli');
  });
  core.close();
}

/** Runs the CLI piped into a reader that starts late, like `| cat` on a busy machine (a real shell pipe). */
function runIntoSlowReader(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const cmd = `"${process.execPath}" "${BIN}" ${args.join(' ')} | (sleep 1; cat); exit \${PIPESTATUS[0]}`;
    const child = spawn('bash', ['-c', cmd], { env: home.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('output through pipes', () => {
  it('`incident list --json --limit 1000 | cat` prints all 1000 incidents, far past 64 KiB', async () => {
    seedIncidents(1000);
    const r = await runIntoSlowReader(['incident', 'list', '--json', '--limit', '1000']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(256 * 1024);
    const parsed = JSON.parse(r.stdout);
    expect((parsed.incidents ?? parsed).length).toBe(1000);
  });

  it('`| head` (the reader leaves early) exits quietly, without an EPIPE error', async () => {
    seedIncidents(1000);
    const child = spawn(process.execPath, [BIN, 'incident', 'list', '--json', '--limit', '1000'], { env: home.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('a daemon whose stdout and stderr pipes are closed still stops on SIGTERM', async () => {
    const serve = startServe(['--port', '0'], { ...home.env, LOG_LEVEL: 'info' });
    await serve.ready;
    serve.child.stdout.destroy();
    serve.child.stderr.destroy();
    // Logging now hits a closed pipe; the shutdown logs too.
    await fetch(`${/listening on (http:\/\/\S+)/.exec(serve.output().stderr)![1]}/healthz`).catch(() => undefined);
    serve.child.kill('SIGTERM');
    const exited = await Promise.race([serve.exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))]);
    if (exited === 'still running') serve.child.kill('SIGKILL');
    expect(exited).toBe(0);
  });
});
