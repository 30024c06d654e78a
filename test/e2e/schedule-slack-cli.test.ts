// `schedule handoff-channel` and `schedule user-group`, run as a user would against the sandbox:
// names resolved to ids, --json for scripts, bad usage exit 2, and a missing scope refused in words.
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
  narrow = new Sandbox({ rateLimits: false, scopes: OPSKNIGHT_BOT_SCOPES.filter((s) => s !== 'usergroups:write') });
  await Promise.all([sandbox.start(), narrow.start()]);
});
afterAll(() => Promise.all([sandbox.stop(), narrow.stop()]));
beforeEach(async () => {
  home = tempHome();
  env = { ...home.env, SLACK_API_URL: sandbox.apiUrl, SLACK_BOT_TOKEN: sandbox.credentials.botToken };
  await cli('user', 'add', '--name', 'Jane Doe', '--email', 'jane@example.com');
  await cli('user', 'add', '--name', 'Bob Smith', '--email', 'bob@example.com');
  const added = await cli('schedule', 'add', 'primary', '--tz', 'Europe/London', '--users', 'jane@example.com,bob@example.com', '--start', '2026-01-05', '--handoff', '09:00', '--length', 'weekly');
  expect(added.code, added.stderr).toBe(0);
});
afterEach(() => home.remove());

describe('schedule handoff-channel and user-group', () => {
  it('chooses the channel and the group by name, shows them in --json, and turns them off', async () => {
    const channel = await cli('schedule', 'handoff-channel', 'primary', '#general', '--json');
    expect(channel.code, channel.stderr).toBe(0);
    expect(JSON.parse(channel.stdout)).toEqual({ schedule: 'primary', slack: [{ workspace: 'T0SANDBOX01', handoff_channel: 'C0GENERAL01', user_group: null }] });
    const group = await cli('schedule', 'user-group', 'primary', '@oncall-primary');
    expect(group.code, group.stderr).toBe(0);
    expect(group.stdout).toMatch(/@oncall-primary now follows primary/);
    const off = await cli('schedule', 'handoff-channel', 'primary', '--off', '--json');
    expect(JSON.parse(off.stdout).slack).toEqual([{ workspace: 'T0SANDBOX01', handoff_channel: null, user_group: { id: 'S0ONCALLPRI', handle: 'oncall-primary' } }]);
  });

  it('schedule show tells where the schedule shows in Slack (the handoff channel and the user group), for people and in --json', async () => {
    const before = await cli('schedule', 'show', 'primary', '--json');
    expect(JSON.parse(before.stdout).slack).toEqual([]);
    expect((await cli('schedule', 'show', 'primary')).stdout).not.toMatch(/in Slack/);
    expect((await cli('schedule', 'handoff-channel', 'primary', '#general')).code).toBe(0);
    expect((await cli('schedule', 'user-group', 'primary', '@oncall-primary')).code).toBe(0);

    const shown = await cli('schedule', 'show', 'primary');
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/in Slack \(Acme Ops \(sandbox\)\): handoffs announced in #general \(C0GENERAL01\); user group @oncall-primary \(S0ONCALLPRI\) follows who is on call/);
    const json = await cli('schedule', 'show', 'primary', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      name: 'primary',
      slack: [{ workspace: 'T0SANDBOX01', handoff_channel: 'C0GENERAL01', user_group: { id: 'S0ONCALLPRI', handle: 'oncall-primary' } }],
    });

    expect((await cli('schedule', 'handoff-channel', 'primary', '--off')).code).toBe(0);
    expect((await cli('schedule', 'show', 'primary')).stdout).toMatch(/handoffs not announced; user group @oncall-primary/);
  }, 90_000); // seven CLI runs: a few seconds each on a busy 2-core machine

  it('says what is wrong: bad usage (2), an unknown channel, group or schedule (1), a missing scope (1)', async () => {
    expect((await cli('schedule', 'handoff-channel', 'primary')).code).toBe(2);
    expect((await cli('schedule', 'user-group', 'primary', '@oncall-primary', '--off')).code).toBe(2);
    const noChannel = await cli('schedule', 'handoff-channel', 'primary', '#nowhere');
    expect(noChannel.code).toBe(1);
    expect(noChannel.stderr).toMatch(/No channel #nowhere is visible to the bot/);
    const noGroup = await cli('schedule', 'user-group', 'primary', '@nobody-here');
    expect(noGroup.code).toBe(1);
    expect(noGroup.stderr).toMatch(/No user group @nobody-here in this workspace \(handles: @sre-leads, @oncall-primary\)/);
    const noSchedule = await cli('schedule', 'user-group', 'secondary', '@oncall-primary');
    expect(noSchedule.code).toBe(1);

    env = { ...env, SLACK_API_URL: narrow.apiUrl, SLACK_BOT_TOKEN: narrow.credentials.botToken };
    const refused = await cli('schedule', 'user-group', 'primary', '@oncall-primary');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/on-call user groups \(members follow the schedule\) need the bot scope usergroups:write, which this workspace has not granted/);
  }, 90_000); // eight CLI runs, as above
});
