// `opsknight-slack setup` once end to end in a real terminal (tmux), against the sandbox: a person
// types the answers, sees the secrets masked, and the daemon then runs on what was stored, with no
// Slack variables in its environment.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../../src/sandbox/sandbox.js';
import { BIN, startServe } from '../helpers/cli.js';
import { SlackStory } from '../helpers/slack-story.js';
import { tempHome } from '../helpers/temp.js';

const TMUX = '/usr/bin/tmux';
const session = `okn-setup-${process.pid}`;
let sandbox: Sandbox;
let home: ReturnType<typeof tempHome>;

const tmux = (...args: string[]) => execFileSync(TMUX, args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', session);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pattern} on screen:\n${text}`);
    await sleep(100);
  }
}

async function type(text: string, enter = true) {
  tmux('send-keys', '-t', session, '-l', text);
  if (enter) tmux('send-keys', '-t', session, 'Enter');
  await sleep(150);
}

beforeAll(async () => {
  if (!existsSync(TMUX)) throw new Error('tmux is missing: apt-get install -y tmux (.ci/run does this).');
  sandbox = new Sandbox({ rateLimits: false });
  await sandbox.start();
  home = tempHome();
});

afterAll(async () => {
  try {
    tmux('kill-session', '-t', session);
  } catch {
    /* already gone */
  }
  await sandbox.stop();
  home.remove();
});

describe('setup in a real terminal', () => {
  it('walks through the wizard, masks secrets, and leaves a daemon that needs no Slack variables', async () => {
    execFileSync(process.execPath, [BIN, 'service', 'add', 'payment-api'], { env: home.env });
    const env = Object.entries({ ...home.env, SLACK_API_URL: sandbox.apiUrl, TERM: 'xterm-256color' })
      .map(([k, v]) => `${k}='${v}'`)
      .join(' ');
    tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', `env -i ${env} ${process.execPath} ${BIN} setup; echo EXIT=$?; sleep 30`);
    const c = sandbox.credentials;
    await waitFor(/Public URL of this daemon/);
    await type('https://ops.example.com');
    await waitFor(/Done\? Continue/);
    await type('y');
    await waitFor(/Client ID/);
    await type(c.clientId);
    await waitFor(/Client Secret/);
    await type(c.clientSecret);
    await waitFor(/Signing Secret/);
    await type(c.signingSecret);
    await waitFor(/Bot token/);
    await type(c.botToken);
    await waitFor(/Default channel for incident notifications/);
    // The list is sorted by channel id (#incidents-critical, #general, #incidents, …): two down.
    tmux('send-keys', '-t', session, 'Down', 'Down');
    await waitFor(/❯ #incidents(?![\w-])/); // the cursor is where the person sees it, however slow the machine
    tmux('send-keys', '-t', session, 'Enter');
    await waitFor(/Send a test message/);
    await type('y');
    await waitFor(/Post these events/);
    tmux('send-keys', '-t', session, 'Enter');
    await waitFor(/Which incidents are posted/);
    tmux('send-keys', '-t', session, 'Enter');
    await waitFor(/own channel\?/);
    await type('n');
    await waitFor(/Route an urgency/);
    await type('n');
    const final = await waitFor(/EXIT=\d+/, 20_000);
    expect(final).toMatch(/EXIT=0/);
    expect(final).toMatch(/Connected to Acme Ops \(sandbox\)/);
    expect(final).toMatch(/Saved\. Acme Ops \(sandbox\) posts to #incidents by default/);
    // Secrets were masked as typed and never printed.
    for (const secret of [c.clientSecret, c.signingSecret, c.botToken]) expect(final).not.toContain(secret);
    expect(final).toMatch(/\*{8,}/);

    // The daemon runs on what setup stored: no SLACK_* in its environment.
    const daemon = startServe(['--port', '0'], { ...home.env, SLACK_API_URL: sandbox.apiUrl, OPSKNIGHT_API_TOKEN: 't' });
    const url = await daemon.ready;
    try {
      expect(daemon.output().stderr).toMatch(/Slack: Acme Ops \(sandbox\) \(T0SANDBOX01\)/);
      await fetch(`${url}/api/incidents`, { method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: JSON.stringify({ title: 'After setup', service: 'payment-api', urgency: 'HIGH' }) });
      const msg = await new SlackStory(sandbox).channel('#incidents').expectMessage(/After setup/);
      sandbox.setAppUrls({ interactivityUrl: `${url}/api/slack/actions` });
      const click = await msg.button('Acknowledge').click({ as: 'jane' });
      expect(click.status).toBe(200); // verified with the stored signing secret
      await msg.expectThreadReply(/Acknowledged/);
    } finally {
      daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
  }, 90_000);
});
