// channels, test-channel and workspace commands, run as a user would, against the sandbox.
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { Sandbox } from '../../src/sandbox/sandbox.js';
import { runCliAsync } from '../helpers/cli.js';
import { tempHome } from '../helpers/temp.js';

let sandbox: Sandbox;
let home: ReturnType<typeof tempHome>;
let env: NodeJS.ProcessEnv;
const cli = (...args: string[]) => runCliAsync(args, env);

beforeAll(async () => {
  sandbox = new Sandbox({ rateLimits: false });
  await sandbox.start();
});
afterAll(() => sandbox.stop());
beforeEach(async () => {
  home = tempHome();
  env = { ...home.env, SLACK_API_URL: sandbox.apiUrl, SLACK_BOT_TOKEN: sandbox.credentials.botToken };
  await cli('service', 'add', 'payment-api');
});
afterEach(() => home.remove());

describe('channels and test-channel', async () => {
  it('sets the default channel and routes by name, stores IDs, and explains where incidents go', async () => {
    expect((await cli('channels', 'default', '#incidents')).stdout).toMatch(/Default channel for Acme Ops \(sandbox\): #incidents \(C0INCIDENTS\)/);
    expect((await cli('channels', 'route', '--service', 'payment-api', '#payments')).code).toBe(0);
    expect((await cli('channels', 'route', '--urgency', 'high', 'C0CRITICAL1')).code).toBe(0);
    expect((await cli('channels', 'route', '--service', 'payment-api', '--urgency', 'low', '#general')).code).toBe(0);

    const routes = JSON.parse((await cli('channels', 'routes', '--json')).stdout);
    expect(routes.default_channel).toBe('C0INCIDENTS');
    expect(routes.routes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'payment-api', urgency: null, channel: 'C0PAYMENTS1', channel_name: 'payments' }),
        expect.objectContaining({ service: null, urgency: 'HIGH', channel: 'C0CRITICAL1' }),
      ]),
    );
    expect((await cli('channels', 'routes')).stdout).toMatch(/payment-api\s+any\s+#payments \(C0PAYMENTS1\)/);
    expect((await cli('channels', 'explain', '--service', 'payment-api', '--urgency', 'high')).stdout).toMatch(/goes to #payments \(C0PAYMENTS1\).*by the service channel/);
    expect((await cli('channels', 'explain', '--service', 'payment-api', '--urgency', 'low')).stdout).toMatch(/#general.*service\+urgency route/);
    expect((await cli('channels', 'unroute', '--service', 'payment-api')).code).toBe(0);
    expect((await cli('channels', 'explain', '--service', 'payment-api', '--urgency', 'high')).stdout).toMatch(/#incidents-critical.*urgency route/);
  });

  it('explains channels the bot cannot use, in plain words', async () => {
    const privateOne = (await cli('channels', 'default', '#secret-ops'));
    expect(privateOne.code).toBe(1);
    expect(privateOne.stderr).toMatch(/private channel appears only once the bot is invited/);
    expect((await cli('channels', 'default', '#old-alerts')).stderr).toMatch(/archived/);
    expect((await cli('channels', 'route', '#payments')).code).toBe(2);
    expect((await cli('channels', 'route', '--service', 'nope', '#payments')).stderr).toMatch(/nope/);
  });

  it('test-channel posts through the delivery path, and says why it cannot', async () => {
    const ok = (await cli('test-channel', '#payments'));
    expect(ok.stdout).toMatch(/Posted a test message in #payments/);
    expect(sandbox.world.channelMessages('C0PAYMENTS1').some((m) => /Test message from OpsKnight/.test(m.text))).toBe(true);
    const notIn = (await cli('test-channel', 'G0SECRET001'));
    expect(notIn.code).toBe(1);
    expect(notIn.stderr).toMatch(/\/invite @OpsKnight/);
    const missing = (await cli('test-channel', '#nowhere'));
    expect(missing.stderr).toMatch(/No channel #nowhere is visible/);
    // A missing channel is not a network problem.
    expect(missing.code).toBe(1);
    expect(missing.stderr).not.toMatch(/Could not reach Slack|network/i);
    const route = await cli('channels', 'default', '#nowhere');
    expect(route.code).toBe(1);
    expect(route.stderr).toMatch(/No channel #nowhere is visible to the bot.*channels list/s);
    expect(route.stderr).not.toMatch(/Could not reach Slack|network/i);
  });

  it('lists workspaces with masked tokens, and changes their notification settings', async () => {
    await cli('channels', 'default', '#incidents');
    const list = (await cli('workspace', 'list'));
    expect(list.stdout).toMatch(/Acme Ops \(sandbox\)\s+T0SANDBOX01\s+xoxb-…\w{4}\s+#incidents/);
    expect(list.stdout + list.stderr).not.toContain(sandbox.credentials.botToken);
    const json = JSON.parse((await cli('workspace', 'settings', '--disable', 'note_added', '--urgency-filter', 'high', '--json')).stdout);
    expect(json.settings).toMatchObject({ urgency_filter: 'high', events: { note_added: false, triggered: true } });
    expect(JSON.stringify(json)).not.toContain(sandbox.credentials.botToken);
  });

  it('says what to do when no workspace is connected', async () => {
    const bare = await runCliAsync(['channels', 'routes'], home.env);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/SLACK_BOT_TOKEN/);
  });
});

describe('user map', () => {
  it('lists who is matched, who is not, and why', async () => {
    await runCliAsync(['user', 'add', '--name', 'Jane Doe', '--email', 'JANE@example.com'], env);
    await runCliAsync(['user', 'add', '--name', 'Bob Smith', '--email', 'bob@example.com', '--inactive'], env);
    await runCliAsync(['user', 'add', '--name', 'Nobody', '--email', 'nobody@example.com'], env);
    const r = await runCliAsync(['user', 'map', '--json'], env);
    expect(r.code).toBe(0);
    const users = JSON.parse(r.stdout).users as { opsknight: string; slack: string | null; state: string; why: string }[];
    expect(users.find((u) => u.opsknight === 'Jane Doe')).toMatchObject({ state: 'matched', slack: '@jane (U0JANE00001)' });
    expect(users.find((u) => u.opsknight === 'Bob Smith')).toMatchObject({ state: 'inactive', why: expect.stringMatching(/INACTIVE/) });
    expect(users.find((u) => u.opsknight === 'Nobody')).toMatchObject({ state: 'not matched', why: expect.stringMatching(/no Slack user/) });
  });
});

describe('manifest, test-connection and workspace add', () => {
  it('prints a manifest with the one-click link, as JSON or YAML, and refuses http', async () => {
    const json = await runCliAsync(['manifest', '--url', 'https://ops.example.com/', '--name', 'Ops Bot'], env);
    expect(json.code).toBe(0);
    const m = JSON.parse(json.stdout);
    expect(m.display_information.name).toBe('Ops Bot');
    expect(json.stderr).toMatch(/https:\/\/api\.slack\.com\/apps\?new_app=1&manifest_json=/);
    const yaml = await runCliAsync(['manifest', '--url', 'https://ops.example.com', '--format', 'yaml'], env);
    expect(yaml.stdout).toMatch(/^_metadata:/);
    const http = await runCliAsync(['manifest', '--url', 'http://ops.example.com'], env);
    expect(http.code).toBe(1);
    expect(http.stderr).toMatch(/HTTPS/);
  });

  it('test-connection names the workspace and bot user, and explains a revoked token', async () => {
    const ok = await runCliAsync(['test-connection'], env);
    expect(ok.stdout).toMatch(/Connection successful: Acme Ops \(sandbox\) \(T0SANDBOX01\), bot user U0OPSKNIGHT/);
    const revoked = sandbox.world.addToken({ token: 'xoxb-3333-4444-revokedtoken', teamId: 'T0SANDBOX01', kind: 'bot', scopes: [], revoked: true });
    const bad = await runCliAsync(['test-connection'], { ...env, SLACK_BOT_TOKEN: revoked.token });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/revoked/);
  });

  it('workspace add prints a single-use install link', async () => {
    const r = await runCliAsync(['workspace', 'add', '--url', 'https://ops.example.com'], env);
    expect(r.stdout.trim()).toMatch(/^https:\/\/ops\.example\.com\/api\/settings\/slack-oauth\/install\?link=[\w-]{20,}$/);
    const none = await runCliAsync(['workspace', 'add'], home.env);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/--url/);
  });
});
