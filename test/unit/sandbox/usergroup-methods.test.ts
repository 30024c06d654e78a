// usergroups.users.update answers as Slack documents it: it replaces the members, needs
// usergroups:write, and refuses what Slack refuses (no users, unknown group, bots, other workspaces,
// a workspace where only admins edit groups).
import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPSKNIGHT_BOT_SCOPES } from '../../../src/sandbox/seed.js';
import { Sandbox } from '../../../src/sandbox/sandbox.js';

let sandbox: Sandbox;
const client = (token: string) => new WebClient(token, { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });

async function slackError(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return (err as WebAPIPlatformError).data as unknown as Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

afterEach(() => sandbox.stop());

describe('sandbox: usergroups.users.update', () => {
  beforeEach(async () => {
    sandbox = new Sandbox({ rateLimits: false });
    await sandbox.start();
  });

  it('replaces the members, as usergroups.list then shows them', async () => {
    const slack = client(sandbox.credentials.botToken);
    const res = await slack.usergroups.users.update({ usergroup: 'S0ONCALLPRI', users: 'U0JANE00001,U0BOB000001' });
    expect(res.usergroup).toMatchObject({ id: 'S0ONCALLPRI', handle: 'oncall-primary', users: ['U0JANE00001', 'U0BOB000001'], user_count: 2 });
    const listed = await slack.usergroups.list({ include_users: true });
    expect(listed.usergroups?.find((g) => g.id === 'S0ONCALLPRI')?.users).toEqual(['U0JANE00001', 'U0BOB000001']);
  });

  it('refuses what Slack refuses, leaving the members as they were', async () => {
    const slack = client(sandbox.credentials.botToken);
    const cases: [Record<string, string>, string][] = [
      [{ usergroup: 'S0ONCALLPRI', users: '' }, 'no_users_provided'],
      [{ usergroup: 'S0NOSUCH001', users: 'U0JANE00001' }, 'no_such_subteam'],
      [{ usergroup: 'S0ONCALLPRI', users: 'jane@example.com' }, 'invalid_users'],
      [{ usergroup: 'S0ONCALLPRI', users: 'U0HOMER0001' }, 'failed_for_some_users'],
      [{ usergroup: 'S0ONCALLPRI', users: 'U0OPSKNIGHT' }, 'invalid_user'],
    ];
    for (const [args, error] of cases) expect((await slackError(slack.usergroups.users.update(args as never))).error, error).toBe(error);
    // A group of the other workspace is not this token's to change.
    expect((await slackError(client(sandbox.credentials.secondBotToken).usergroups.users.update({ usergroup: 'S0ONCALLPRI', users: 'U0HOMER0001' }))).error).toBe('no_such_subteam');
    sandbox.world.userGroupsAdminOnly.add(sandbox.credentials.teamId);
    expect((await slackError(slack.usergroups.users.update({ usergroup: 'S0ONCALLPRI', users: 'U0JANE00001' }))).error).toBe('permission_denied');
    expect(sandbox.world.userGroups.get('S0ONCALLPRI')!.users).toEqual(['U0ALICE0001']);
  });

  it('needs usergroups:write', async () => {
    await sandbox.stop();
    sandbox = new Sandbox({ rateLimits: false, scopes: OPSKNIGHT_BOT_SCOPES.filter((s) => s !== 'usergroups:write') });
    await sandbox.start();
    expect(await slackError(client(sandbox.credentials.botToken).usergroups.users.update({ usergroup: 'S0ONCALLPRI', users: 'U0JANE00001' }))).toMatchObject({ error: 'missing_scope', needed: 'usergroups:write' });
  });
});
