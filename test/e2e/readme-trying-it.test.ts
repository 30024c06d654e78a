// The README's "Trying it", as a newcomer runs it: `npm start` in one terminal, then the CLI block
// verbatim in another. Everything the CLI does must show up in the sandbox `npm start` serves, and
// the token/curl lines must work as written (only the port is this test's own).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/temp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The fenced sh blocks of the README section with this heading. */
function readmeBlocks(heading: string): string[] {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, `README has a "${heading}" section`).toBeGreaterThan(0);
  const next = readme.indexOf('\n## ', start + heading.length + 2);
  const section = readme.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

function portPair(): Promise<number> {
  const tryPort = (p: number) =>
    new Promise<boolean>((resolve) => {
      const s = createServer().once('error', () => resolve(false));
      s.listen(p, '127.0.0.1', () => s.close(() => resolve(true)));
    });
  return (async () => {
    for (let i = 0; i < 50; i++) {
      const p = 20_000 + Math.floor(Math.random() * 20_000);
      if ((await tryPort(p)) && (await tryPort(p + 1))) return p;
    }
    throw new Error('no free pair of ports');
  })();
}

let home: ReturnType<typeof tempHome>;
let stopDaemon: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stopDaemon?.();
  stopDaemon = null;
  home?.remove();
});

describe('README "Trying it"', () => {
  it('the CLI block, run verbatim beside `npm start`, acts on what the sandbox shows', async () => {
    home = tempHome();
    // npm itself: no update check over the network from a fresh HOME.
    const env = { ...home.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' };
    const [startBlock, cliBlock] = readmeBlocks('## Trying it');
    // The README says what `npm start` really runs.
    const script = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(startBlock).toMatch(/^npm start\s+# = opsknight-slack (serve --sandbox auto)/);
    expect(script).toContain('bin/opsknight-slack.js serve --sandbox auto');

    const port = await portPair();
    const daemon = spawn('npm', ['start'], { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stderr = '';
    daemon.stderr.on('data', (d: Buffer) => (stderr += d));
    daemon.stdout.resume();
    const exited = new Promise<void>((resolve) => daemon.on('exit', () => resolve()));
    stopDaemon = async () => {
      try {
        process.kill(-daemon.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await exited;
    };
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not start:\n${stderr}`)), 60_000);
      daemon.stderr.on('data', () => /listening on/.test(stderr) && (clearTimeout(timer), resolve()));
      void exited.then(() => reject(new Error(`npm start exited:\n${stderr}`)));
    });
    expect(stderr).toContain(`Slack sandbox UI:   http://127.0.0.1:${port + 1}/`);
    expect(stderr).toMatch(/Read it with: opsknight-slack config show-token\n/);

    const run = spawnSync('bash', ['-eo', 'pipefail', '-c', cliBlock!.replaceAll('127.0.0.1:3000', `127.0.0.1:${port}`)], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Incident #1 opened.');
    expect(run.stdout).toMatch(/Incident #1 acknowledged\.[\s\S]*Incident #1 snoozed until[\s\S]*Incident #1 resolved\./);
    // curl got in with the token `config show-token` read: the API answered with the new incident.
    expect(JSON.parse(run.stdout.slice(run.stdout.lastIndexOf('{"'))) as object).toMatchObject({ id: 2, title: 'Checkout is slow', service: 'checkout', status: 'OPEN' });

    // Both incidents are in the sandbox's #incidents, the first one with its whole story in the thread.
    const sandbox = `http://127.0.0.1:${port + 1}`;
    const deadline = Date.now() + 20_000;
    let state: { messages: { ts: string; text: string }[]; replies: Record<string, { text: string }[]> } = { messages: [], replies: {} };
    const story = /Acknowledged by Jane Doe[\s\S]*Snoozed by[\s\S]*Resolved by/;
    for (;;) {
      state = (await (await fetch(`${sandbox}/sandbox/ui/state?channel=C0INCIDENTS`)).json()) as typeof state;
      const first = state.messages.find((m) => m.text.includes('Database Connection Timeout'));
      const thread = first ? (state.replies[first.ts] ?? []).map((r) => r.text).join('\n') : '';
      if (first && state.messages.some((m) => m.text.includes('Checkout is slow')) && story.test(thread)) break;
      if (Date.now() > deadline) throw new Error(`the sandbox never showed the README's incidents: ${JSON.stringify({ messages: state.messages.map((m) => m.text), replies: state.replies })}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(state.messages.find((m) => m.text.includes('Database Connection Timeout'))!.text).toMatch(/RESOLVED/);
  }, 180_000);
});
