// `workflow add|list|remove|test`, run as a user would against the sandbox: names resolved to ids,
// --json for scripts, bad usage exit 2, and a rule whose scopes are missing refused with the reason.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OPSKNIGHT_BOT_SCOPES } from '../../src/sandbox/seed.js';
import { Sandbox } from '../../src/sandbox/sandbox.js';
import { runCliAsync } from '../helpers/cli.js';
import { tempHome } from '../helpers/temp.js';

let sandbox: Sandbox;
let narrow: Sandbox;
let home: ReturnType<typeof tempHome>;
let env: NodeJS.ProcessEnv;
const cli = (...args: string[]) => runCliAsync(args, env);

beforeAll(async () => {
  sandbox = new Sandbox({ rateLimits: false });
  narrow = new Sandbox({ rateLimits: false, scopes: OPSKNIGHT_BOT_SCOPES.filter((s) => !['channels:manage', 'pins:write', 'usergroups:read'].includes(s)) });
  await Promise.all([sandbox.start(), narrow.start()]);
});
afterAll(() => Promise.all([sandbox.stop(), narrow.stop()]));
beforeEach(async () => {
  home = tempHome();
  env = { ...home.env, SLACK_API_URL: sandbox.apiUrl, SLACK_BOT_TOKEN: sandbox.credentials.botToken };
  await cli('service', 'add', 'payment-api');
});
afterEach(() => home.remove());

describe('workflow rules from the CLI', () => {
  it('adds, lists (--json), tests and removes rules, resolving users, groups and channels', async () => {
    const channel = await cli('workflow', 'add', 'incident-channel', '--urgency', 'high', '--archive-after', '24', '--json');
    expect(channel.code, channel.stderr).toBe(0);
    expect(JSON.parse(channel.stdout)).toMatchObject({ id: 1, action: 'incident_channel', urgency: 'HIGH', service: null, events: ['triggered'], settings: { archive_after_hours: 24, private: false }, status: 'active' });

    const people = await cli('workflow', 'add', 'stakeholders', '--urgency', 'high', '--dm', 'alice.chen@example.com', 'U0BOB000001', '--group', '@sre-leads', '--channel', '#general', '--json');
    expect(people.code, people.stderr).toBe(0);
    expect(JSON.parse(people.stdout).settings).toEqual({ users: ['U0ALICE0001', 'U0BOB000001'], groups: ['S0SRELEADS1'], channel: 'C0GENERAL01' });

    expect((await cli('workflow', 'add', 'status-channel', '--service', 'payment-api', '--channel', '#payments')).stdout).toMatch(/Workflow rule 3 added: incidents of payment-api: post the resolution summary in #payments/);
    const url = sandbox.addWebhookTrigger(sandbox.credentials.teamId, ['title']);
    const hook = await cli('workflow', 'add', 'webhook', '--url', url, '--events', 'triggered,acknowledged,resolved', '--json');
    expect(hook.code, hook.stderr).toBe(0);
    const hookJson = JSON.parse(hook.stdout);
    expect(hookJson.events).toEqual(['triggered', 'acknowledged', 'resolved']);
    // The trigger URL is a secret: only its origin is shown.
    expect(hookJson.webhook_url).toBe(`${new URL(url).origin}/…`);
    expect(hook.stdout).not.toContain(new URL(url).pathname);

    const list = JSON.parse((await cli('workflow', 'list', '--json')).stdout);
    expect(list.map((r: { action: string }) => r.action)).toEqual(['incident_channel', 'stakeholders', 'status_channel', 'webhook']);
    expect(list[0].created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const human = (await cli('workflow', 'list')).stdout;
    expect(human).toMatch(/incident-channel\s+active\s+HIGH incidents: open an incident channel, invite the on-call, pin the card, archive 24h after resolution/);
    expect(human).toMatch(/status-channel\s+active\s+.*#payments/);

    expect((await cli('workflow', 'test', '1')).stdout).toMatch(/Rule 1 can run/);
    // Testing a webhook rule sends a sample event to its trigger.
    expect((await cli('workflow', 'test', '4')).stdout).toMatch(/Rule 4 can run.*A test event was sent/);
    const trigger = [...sandbox.world.webhookTriggers.values()].find((t) => url.endsWith(t.id))!;
    expect(trigger.received.map((r) => r.body)).toEqual([{ title: 'OpsKnight test: not a real incident' }]);
    expect((await cli('workflow', 'remove', '2')).code).toBe(0);
    expect(JSON.parse((await cli('workflow', 'list', '--json')).stdout)).toHaveLength(3);
    const gone = await cli('workflow', 'remove', '2');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/no workflow rule 2.*workflow list/);
  });

  it('bad usage exits 2 and says what is missing; unknown users and groups exit 1', async () => {
    for (const args of [
      ['workflow', 'add', 'party'],
      ['workflow', 'add', 'webhook'],
      ['workflow', 'add', 'webhook', '--url', 'https://hooks.slack.com/triggers/x', '--events', 'exploded'],
      ['workflow', 'add', 'status-channel'],
      ['workflow', 'add', 'stakeholders', '--group', '@sre-leads'],
      ['workflow', 'add', 'incident-channel', '--dm', 'U0BOB000001'],
      ['workflow', 'add', 'incident-channel', '--archive-after', '0'],
    ]) {
      const r = await cli(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
    }
    expect((await cli('workflow', 'add', 'status-channel')).stderr).toMatch(/--channel/);
    const nobody = await cli('workflow', 'add', 'stakeholders', '--dm', 'nobody@example.com');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/No Slack user has the e-mail nobody@example.com/);
    const noGroup = await cli('workflow', 'add', 'stakeholders', '--group', '@dba', '--channel', '#general');
    expect(noGroup.code).toBe(1);
    expect(noGroup.stderr).toMatch(/No user group @dba .*@sre-leads/);
    expect(JSON.parse((await cli('workflow', 'list', '--json')).stdout)).toEqual([]);
  });

  it('refuses a rule whose scopes the workspace has not granted, naming the scope and the feature; test-connection says the same', async () => {
    env = { ...env, SLACK_API_URL: narrow.apiUrl, SLACK_BOT_TOKEN: narrow.credentials.botToken };
    const refused = await cli('workflow', 'add', 'incident-channel', '--urgency', 'high');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Not added: major-incident channels .* need the bot scopes channels:manage, pins:write.*re-install/);
    const group = await cli('workflow', 'add', 'stakeholders', '--group', 'S0SRELEADS1', '--channel', '#general');
    expect(group.stderr).toMatch(/user-group mentions .* need the bot scope usergroups:read/);
    expect(JSON.parse((await cli('workflow', 'list', '--json')).stdout)).toEqual([]);
    // Rules that need nothing more are fine.
    expect((await cli('workflow', 'add', 'status-channel', '--channel', '#payments')).code).toBe(0);

    const check = await cli('test-connection');
    expect(check.stdout).toMatch(/channels:manage \(needed for major-incident channels/);
    expect(check.stdout).toMatch(/usergroups:read \(needed for stakeholder user-group mentions/);
    const json = JSON.parse((await cli('test-connection', '--json')).stdout);
    expect(json.missing_scopes).toEqual(['channels:manage', 'pins:write', 'usergroups:read']);
  });
});
