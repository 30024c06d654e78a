import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, startServe } from '../helpers/cli.js';
import { tempHome } from '../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.remove());

describe('opsknight-slack serve', () => {
  it('starts on the embedded database, generates an API token, says what Slack needs, and stops cleanly on SIGTERM', async () => {
    runCli(['service', 'add', 'payment-api'], home.env);
    const daemon = startServe(['--port', '0'], { ...home.env, LOG_LEVEL: 'info' });
    const url = await daemon.ready;
    const { stderr } = daemon.output();
    expect(stderr).toMatch(/config show-token/);
    expect(stderr).toMatch(/Slack: not connected/);
    expect(stderr).toMatch(/SLACK_BOT_TOKEN/);

    const token = runCli(['config', 'show-token'], home.env).stdout.trim();
    expect(token).toMatch(/^okn_/);
    // The token never reaches the log.
    expect(daemon.output().stdout + daemon.output().stderr).not.toContain(token);

    const created = await fetch(`${url}/api/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Checkout down', service: 'payment-api', urgency: 'HIGH' }),
    });
    expect(created.status).toBe(201);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    // The incident is in SQLite for the CLI to find.
    expect(runCli(['incident', 'list'], home.env).stdout).toContain('Checkout down');
  });

  it('keeps the same token across restarts, and OPSKNIGHT_API_TOKEN overrides it', async () => {
    const first = startServe(['--port', '0'], home.env);
    await first.ready;
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    const token = runCli(['config', 'show-token'], home.env).stdout.trim();

    const second = startServe(['--port', '0'], { ...home.env, OPSKNIGHT_API_TOKEN: 'from-env-token' });
    const url = await second.ready;
    const auth = (t: string) => fetch(`${url}/api/incidents`, { headers: { authorization: `Bearer ${t}` } });
    expect((await auth('from-env-token')).status).toBe(200);
    expect((await auth(token)).status).toBe(401);
    second.child.kill('SIGTERM');
    await second.exited;
  });

  it('--sandbox with no Slack set up shares the CLI’s database: `config show-token` reads the token it printed', async () => {
    const daemon = startServe(['--sandbox', '--port', '0'], home.env);
    await daemon.ready;
    try {
      expect(daemon.output().stderr).toMatch(/Read it with: opsknight-slack config show-token/);
      expect(runCli(['config', 'show-token'], home.env).stdout).toMatch(/^okn_/);
      // The sandbox's demo service is there for the CLI too.
      expect(runCli(['service', 'list'], home.env).stdout).toContain('payment-api');
      // …but its fake workspace is not a real one.
      expect(runCli(['workspace', 'list'], home.env).stdout).not.toContain('T0SANDBOX01');
    } finally {
      daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
  });

  it('--sandbox beside a real Slack set-up keeps its data apart and says how to read its API token', async () => {
    const daemon = startServe(['--sandbox', '--port', '0'], { ...home.env, SLACK_BOT_TOKEN: 'xoxb-real-looking' });
    await daemon.ready;
    try {
      const hint = /Read it with: opsknight-slack (--home \S+) config show-token/.exec(daemon.output().stderr);
      expect(hint?.[1]).toContain('/sandbox');
      const token = runCli([...hint![1]!.split(' '), 'config', 'show-token'], home.env);
      expect(token.stdout).toMatch(/^okn_/);
      // The main data folder has no token and no demo service: the sandbox never touched it.
      expect(runCli(['config', 'show-token'], home.env).code).toBe(1);
      expect(runCli(['service', 'show', 'payment-api'], home.env).code).toBe(1);
    } finally {
      daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
  });

  it('refuses a bad port: a flag is bad usage (exit 2), the environment a configuration error (exit 1)', () => {
    const flag = runCli(['serve', '--port', 'eighty'], home.env);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--port <port>' argument 'eighty' is invalid/);
    const env = runCli(['serve'], { ...home.env, PORT: 'eighty' });
    expect(env.code).toBe(1);
    expect(env.stderr).toMatch(/--port \/ PORT/);
  });
});
