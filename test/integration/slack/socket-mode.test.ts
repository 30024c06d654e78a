// Socket Mode: with SLACK_APP_TOKEN, clicks and slash commands arrive over the websocket.
import { afterEach, describe, expect, it } from 'vitest';
import { runSetup } from '../../../src/cli/wizard/run-setup.js';
import { APP_TOKEN_SETTING } from '../../../src/config/setting-keys.js';
import { openCore } from '../../../src/daemon/container.js';
import { startDaemon } from '../../../src/daemon/lifecycle.js';
import { createLogger } from '../../../src/observability/logger.js';
import { Sandbox } from '../../../src/sandbox/sandbox.js';
import { ScriptedPrompter } from '../../helpers/scripted-prompter.js';
import { startStack, type Stack } from '../../helpers/stack.js';
import { tempHome } from '../../helpers/temp.js';

let stack: Stack;
afterEach(() => stack?.close());

describe('Socket Mode', () => {
  it('acknowledges from a click and answers a slash command over the websocket, with no request URL', async () => {
    stack = await startStack({ socketMode: true });
    expect(stack.sandbox.socketMode.connected).toBe(true);
    stack.sandbox.setAppUrls({ interactivityUrl: '', commandUrl: '' });
    const msg = await (async () => {
      await stack.trigger();
      return stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    })();
    const click = await msg.button('Acknowledge').click({ as: 'jane' });
    expect(click.status).toBe(200);
    expect(stack.sandbox.driver.sent.at(-1)!.url).toBe('socket');
    await msg.expectThreadReply(/Acknowledged by/);
    const cmd = await stack.slack.slashCommand('/opsknight help');
    expect((cmd.json as { text: string }).text).toMatch(/OpsKnight commands/);
    await stack.slack.expectEphemeral('jane', /OpsKnight commands/);
  });
});

describe('Socket Mode deadline', () => {
  it('acks within 3 seconds even when the handler hangs on Slack (views.open never answers)', async () => {
    stack = await startStack({ socketMode: true });
    stack.sandbox.setAppUrls({ interactivityUrl: '', commandUrl: '' });
    await stack.trigger();
    const msg = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    stack.sandbox.addFault({ method: 'views.open', kind: 'timeout', calls: 1 });
    const click = await msg.button('Resolve').click({ as: 'jane' });
    expect(click.error).toBeUndefined();
    expect(click.status).toBe(200);
    expect(click.ms).toBeLessThan(3000);
    expect(stack.sandbox.driver.sent.at(-1)!.url).toBe('socket');
  });
});

describe('Socket Mode from setup', () => {
  it('setup checks and stores the app-level token (encrypted); serve then connects with no Slack variables', async () => {
    const sandbox = new Sandbox({ rateLimits: false });
    await sandbox.start();
    const home = tempHome();
    const env = { ...home.env, SLACK_API_URL: sandbox.apiUrl };
    const creds = sandbox.credentials;
    const core = openCore(env);
    try {
      const opts = { yes: true, socketMode: true, url: 'https://ops.example.com', defaultChannel: '#incidents', testMessage: false };
      const secrets = { SLACK_BOT_TOKEN: creds.botToken, SLACK_SIGNING_SECRET: creds.signingSecret };
      // Missing, malformed and refused tokens are named, and nothing is saved.
      await expect(runSetup(core, new ScriptedPrompter([]), opts, { ...env, ...secrets })).rejects.toThrow(/SLACK_APP_TOKEN/);
      await expect(runSetup(core, new ScriptedPrompter([]), { ...opts, appToken: 'xoxb-not-an-app-token' }, { ...env, ...secrets })).rejects.toThrow(/xapp-/);
      await expect(runSetup(core, new ScriptedPrompter([]), opts, { ...env, ...secrets, SLACK_APP_TOKEN: 'xapp-1-A0-revoked-0000000000' })).rejects.toThrow(/app-level token \(invalid_auth\)/);
      expect(core.settings.get(APP_TOKEN_SETTING)).toBeNull();

      await runSetup(core, new ScriptedPrompter([]), opts, { ...env, ...secrets, SLACK_APP_TOKEN: creds.appToken });
      expect(core.settings.get(APP_TOKEN_SETTING)).toBe(creds.appToken);
      const raw = core.db.prepare('SELECT value FROM settings WHERE key = ?').get(APP_TOKEN_SETTING) as { value: string };
      expect(raw.value).not.toContain(creds.appToken);
    } finally {
      core.close();
    }
    const daemon = await startDaemon({ port: 0, host: '127.0.0.1' }, env, { logger: createLogger('silent') });
    try {
      expect(daemon.slackProblem).toBeNull();
      expect(sandbox.socketMode.connected).toBe(true);
    } finally {
      await daemon.stop();
      await sandbox.stop();
      home.remove();
    }
  });
});
