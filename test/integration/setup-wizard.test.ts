// The setup wizard, driven by a scripted prompter against the sandbox.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../src/daemon/container.js';
import { Sandbox } from '../../src/sandbox/sandbox.js';
import { runSetup } from '../../src/cli/wizard/run-setup.js';
import { SetupError } from '../../src/cli/wizard/context.js';
import { ScriptedPrompter, type Script } from '../helpers/scripted-prompter.js';
import { tempHome } from '../helpers/temp.js';

let sandbox: Sandbox;
let home: ReturnType<typeof tempHome>;
let env: NodeJS.ProcessEnv;
let core: Core;

beforeEach(async () => {
  sandbox = new Sandbox({ rateLimits: false });
  await sandbox.start();
  home = tempHome();
  env = { ...home.env, SLACK_API_URL: sandbox.apiUrl };
  core = openCore(env);
  core.directory.addService({ slug: 'payment-api', name: 'Payment API' });
});
afterEach(async () => {
  core.close();
  await sandbox.stop();
  home.remove();
});

const creds = () => sandbox.credentials;

function interactiveScript(overrides: Script = []): Script {
  return [
    ...overrides,
    [/Public URL/, 'https://ops.example.com'],
    [/Done\? Continue/, true],
    [/Client ID/, creds().clientId],
    [/Client Secret/, creds().clientSecret],
    [/Signing Secret/, creds().signingSecret],
    [/Bot token/, creds().botToken],
    [/Default channel/, '#incidents'],
    [/test message/, true],
    [/Post these events/, ['triggered', 'acknowledged', 'resolved', 'escalated', 'sla_breached']],
    [/Which incidents are posted/, 'High + Medium'],
    [/own channel\?/, true],
    [/Channel for Payment API/, '#payments'],
    [/Route an urgency/, true],
    [/Channel for HIGH/, '#incidents-critical'],
    [/Channel for MEDIUM/, '(no urgency route)'],
    [/Channel for LOW/, '(no urgency route)'],
  ];
}

describe('setup wizard', () => {
  it('goes from nothing to a working configuration, storing secrets encrypted', async () => {
    const p = new ScriptedPrompter(interactiveScript());
    await runSetup(core, p, {}, env);
    const ws = core.workspaces.get('T0SANDBOX01')!;
    expect(ws).toMatchObject({ teamName: 'Acme Ops (sandbox)', defaultChannel: 'C0INCIDENTS', botToken: creds().botToken });
    expect(ws.settings.urgencyFilter).toBe('high_medium');
    expect(ws.settings.events).toMatchObject({ note_added: false, triggered: true });
    expect(core.workspaces.routes(ws.teamId)).toEqual(
      expect.arrayContaining([
        { serviceSlug: 'payment-api', urgency: null, channelId: 'C0PAYMENTS1' },
        { serviceSlug: null, urgency: 'HIGH', channelId: 'C0CRITICAL1' },
      ]),
    );
    expect(core.settings.get('slack.signing_secret')).toBe(creds().signingSecret);
    const raw = core.db.prepare("SELECT value FROM settings WHERE key = 'slack.signing_secret'").get() as { value: string };
    expect(raw.value).not.toContain(creds().signingSecret);
    expect(p.said.join('\n')).toMatch(/Connected to .*Acme Ops \(sandbox\).*as bot user U0OPSKNIGHT/);
    expect(p.said.join('\n')).toMatch(/All required scopes are granted/);
    expect(p.said.join('\n')).not.toContain(creds().botToken);
    expect(p.said.join('\n')).toMatch(/api\.slack\.com\/apps\?new_app=1&manifest_json=/);
    expect(sandbox.world.channelMessages('C0INCIDENTS').some((m) => /OpsKnight is connected/.test(m.text))).toBe(true);
  });

  it('checks credential shapes and the URL, and asks again', async () => {
    const p = new ScriptedPrompter(
      interactiveScript([
        [/Public URL/, 'http://ops.example.com'],
        [/Public URL/, 'https://ops.example.com'],
        [/Bot token/, 'xoxp-user-token'],
        [/Bot token/, creds().botToken],
        [/Signing Secret/, 'not-hex'],
        [/Signing Secret/, creds().signingSecret],
      ]),
    );
    await runSetup(core, p, {}, env);
    expect(p.refused).toEqual(expect.arrayContaining([expect.stringMatching(/HTTPS/), expect.stringMatching(/starts with xoxb-/), expect.stringMatching(/32 hexadecimal/)]));
  });

  it('explains a revoked token in plain words and lets you enter another', async () => {
    const revoked = sandbox.world.addToken({ token: 'xoxb-1111-2222-revokedtoken', teamId: 'T0SANDBOX01', kind: 'bot', scopes: [], revoked: true });
    const p = new ScriptedPrompter(interactiveScript([[/Bot token/, revoked.token], [/Bot token/, creds().botToken]]));
    await runSetup(core, p, {}, env);
    expect(p.said.join('\n')).toMatch(/token_revoked.*re-install/i);
  });

  it('names missing scopes', async () => {
    sandbox.world.tokens.get(creds().botToken)!.scopes = ['chat:write', 'commands'];
    const p = new ScriptedPrompter(interactiveScript());
    await expect(runSetup(core, p, {}, env)).rejects.toThrow(); // conversations.list needs channels:read
    expect(p.said.join('\n')).toMatch(/Missing scopes: chat:write\.public, channels:read, groups:read, users:read, users:read\.email/);
    expect(core.workspaces.list()).toEqual([]); // nothing stored
  });

  it('re-running offers the current values and keeps them on Enter', async () => {
    await runSetup(core, new ScriptedPrompter(interactiveScript()), {}, env);
    const again = new ScriptedPrompter([
      [/Public URL/, ''],
      [/Done\? Continue/, true],
      [/Client ID|Client Secret|Signing Secret|Bot token/, ''],
      [/Default channel/, (choices) => choices.find((c) => c.value === 'C0INCIDENTS')!.value],
      [/test message/, false],
      [/Post these events/, ['triggered', 'acknowledged', 'resolved', 'escalated', 'sla_breached']],
      [/Which incidents are posted/, 'High + Medium'],
      [/own channel\?|Route an urgency/, false],
    ]);
    await runSetup(core, again, {}, env);
    expect(again.asked.find((q) => /Bot token/.test(q))).toMatch(/Enter keeps xoxb-…\w{4}/);
    expect(core.workspaces.get('T0SANDBOX01')!.botToken).toBe(creds().botToken);
    expect(core.settings.get('public_url')).toBe('https://ops.example.com');
    expect(core.workspaces.routes('T0SANDBOX01')).toHaveLength(2);
  });

  it('leaves the stored state as it was when interrupted', async () => {
    await runSetup(core, new ScriptedPrompter(interactiveScript()), {}, env);
    const interrupted = new ScriptedPrompter(interactiveScript([[/Default channel/, '#payments']]));
    interrupted.checkbox = () => Promise.reject(Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' }));
    await expect(runSetup(core, interrupted, {}, env)).rejects.toThrow(/force closed/);
    expect(core.workspaces.get('T0SANDBOX01')!.defaultChannel).toBe('C0INCIDENTS');
  });

  it('runs unattended with --yes, secrets from the environment', async () => {
    const p = new ScriptedPrompter([]);
    const unattendedEnv = { ...env, SLACK_BOT_TOKEN: creds().botToken, SLACK_SIGNING_SECRET: creds().signingSecret, SLACK_CLIENT_ID: creds().clientId, SLACK_CLIENT_SECRET: creds().clientSecret };
    await runSetup(core, p, { yes: true, url: 'https://ops.example.com', defaultChannel: '#incidents', route: ['payment-api=#payments'], urgencyRoute: ['high=#incidents-critical'], events: 'triggered,resolved', urgencyFilter: 'high' }, unattendedEnv);
    expect(p.asked).toEqual([]);
    const ws = core.workspaces.get('T0SANDBOX01')!;
    expect(ws.settings).toMatchObject({ urgencyFilter: 'high', events: { triggered: true, acknowledged: false, resolved: true } });
    expect(core.settings.get('slack.client_secret')).toBe(creds().clientSecret);
  });

  it('unattended, says exactly what is missing and saves nothing', async () => {
    await expect(runSetup(core, new ScriptedPrompter([]), { yes: true, url: 'https://ops.example.com' }, env)).rejects.toThrow(SetupError);
    await expect(runSetup(core, new ScriptedPrompter([]), { yes: true, url: 'https://ops.example.com' }, env)).rejects.toThrow(/SLACK_SIGNING_SECRET/);
    await expect(
      runSetup(core, new ScriptedPrompter([]), { yes: true, url: 'https://ops.example.com', defaultChannel: '#secret-ops' }, { ...env, SLACK_BOT_TOKEN: creds().botToken, SLACK_SIGNING_SECRET: creds().signingSecret }),
    ).rejects.toThrow(/invited/);
    expect(core.workspaces.list()).toEqual([]);
    expect(core.settings.get('slack.signing_secret')).toBeNull();
  });
});
