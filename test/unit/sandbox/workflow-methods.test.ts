// The Slack methods major-incident channels and stakeholder messages use, and Workflow Builder
// webhook triggers, answer as Slack does: name rules, errors, scopes.
import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sandbox } from '../../../src/sandbox/sandbox.js';

let sandbox: Sandbox;
let slack: WebClient;
const client = (token: string) => new WebClient(token, { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });

async function slackError(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return (err as WebAPIPlatformError).data as unknown as Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

beforeEach(async () => {
  sandbox = new Sandbox({ rateLimits: false });
  await sandbox.start();
  slack = client(sandbox.credentials.botToken);
});
afterEach(() => sandbox.stop());

describe('sandbox: channels for major incidents', () => {
  it('conversations.create checks names as Slack does and refuses a taken one', async () => {
    for (const [name, error] of [
      ['', 'invalid_name_required'],
      ['Inc-42', 'invalid_name_specials'],
      ['inc 42', 'invalid_name_specials'],
      ['---', 'invalid_name_punctuation'],
      ['x'.repeat(81), 'invalid_name_maxlength'],
      ['incidents', 'name_taken'],
      ['old-alerts', 'name_taken'],
    ] as const) {
      expect((await slackError(slack.conversations.create({ name }))).error, name).toBe(error);
    }
    const res = await slack.conversations.create({ name: 'inc-42-database-down' });
    expect(res.channel).toMatchObject({ name: 'inc-42-database-down', is_channel: true, is_member: true });
    expect((await slackError(slack.conversations.create({ name: 'inc-42-database-down' }))).error).toBe('name_taken');
  });

  it('needs channels:manage for a public channel and groups:write for a private one', async () => {
    const narrow = new Sandbox({ rateLimits: false, scopes: ['chat:write', 'channels:read'] });
    await narrow.start();
    try {
      const c = new WebClient(narrow.credentials.botToken, { slackApiUrl: narrow.apiUrl, retryConfig: { retries: 0 } });
      expect(await slackError(c.conversations.create({ name: 'inc-1' }))).toMatchObject({ error: 'missing_scope', needed: 'channels:manage' });
      expect(await slackError(c.conversations.create({ name: 'inc-1', is_private: true }))).toMatchObject({ error: 'missing_scope', needed: 'groups:write' });
      expect(await slackError(c.pins.add({ channel: 'C0INCIDENTS', timestamp: '1.000001' }))).toMatchObject({ error: 'missing_scope', needed: 'pins:write' });
      expect(await slackError(c.conversations.open({ users: 'U0JANE00001' }))).toMatchObject({ error: 'missing_scope', needed: 'im:write' });
      expect(await slackError(c.usergroups.list())).toMatchObject({ error: 'missing_scope', needed: 'usergroups:read' });
    } finally {
      await narrow.stop();
    }
  });

  it('invites people, pins a message once, and archives the channel', async () => {
    const { channel } = await slack.conversations.create({ name: 'inc-7-payments' });
    const id = channel!.id!;
    await slack.conversations.invite({ channel: id, users: 'U0JANE00001,U0BOB000001' });
    expect([...sandbox.world.channels.get(id)!.members]).toEqual(expect.arrayContaining(['U0JANE00001', 'U0BOB000001']));
    expect((await slackError(slack.conversations.invite({ channel: id, users: 'U0JANE00001' }))).error).toBe('already_in_channel');
    expect((await slackError(slack.conversations.invite({ channel: id, users: 'U0NOBODY001' }))).error).toBe('user_not_found');
    expect((await slackError(slack.conversations.invite({ channel: id, users: 'U0OPSKNIGHT' }))).error).toBe('cant_invite_self');
    expect((await slackError(slack.conversations.invite({ channel: 'C0RANDOM001', users: 'U0JANE00001' }))).error).toBe('not_in_channel');

    const posted = await slack.chat.postMessage({ channel: id, text: 'card' });
    expect((await slackError(slack.pins.add({ channel: id, timestamp: '123.456' }))).error).toBe('message_not_found');
    await slack.pins.add({ channel: id, timestamp: posted.ts! });
    expect(sandbox.world.channels.get(id)!.pins?.has(posted.ts!)).toBe(true);
    expect((await slackError(slack.pins.add({ channel: id, timestamp: posted.ts! }))).error).toBe('already_pinned');

    await slack.conversations.archive({ channel: id });
    expect(sandbox.world.channels.get(id)!.isArchived).toBe(true);
    expect((await slackError(slack.conversations.archive({ channel: id }))).error).toBe('already_archived');
    expect((await slackError(slack.chat.postMessage({ channel: id, text: 'late' }))).error).toBe('is_archived');
  });
});

describe('sandbox: direct messages and user groups', () => {
  it('conversations.open gives one DM per user, where the bot can post', async () => {
    const first = await slack.conversations.open({ users: 'U0JANE00001' });
    const again = await slack.conversations.open({ users: 'U0JANE00001' });
    expect(first.channel?.id).toMatch(/^D/);
    expect(again.channel?.id).toBe(first.channel?.id);
    await slack.chat.postMessage({ channel: first.channel!.id!, text: 'hello Jane' });
    expect(sandbox.world.channelMessages(first.channel!.id!).map((m) => m.text)).toEqual(['hello Jane']);
    expect((await slackError(slack.conversations.open({ users: 'U0NOBODY001' }))).error).toBe('user_not_found');
    expect((await slackError(slack.conversations.open({} as never))).error).toBe('users_list_not_supplied');
    // DMs are not channels: conversations.list leaves them out.
    const listed = await slack.conversations.list({ types: 'public_channel,private_channel' });
    expect(listed.channels?.some((c) => c.id === first.channel!.id)).toBe(false);
  });

  it('usergroups.list lists the workspace’s groups by handle', async () => {
    const res = await slack.usergroups.list({ include_users: true });
    expect(res.usergroups).toEqual([
      expect.objectContaining({ id: 'S0SRELEADS1', handle: 'sre-leads', users: ['U0JANE00001', 'U0ALICE0001'] }),
      expect.objectContaining({ id: 'S0ONCALLPRI', handle: 'oncall-primary', users: ['U0ALICE0001'] }),
    ]);
  });
});

describe('sandbox: Workflow Builder webhook triggers', () => {
  const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('records flat text variables, refuses anything else, and can be made to fail', async () => {
    const url = sandbox.addWebhookTrigger('T0SANDBOX01', ['incident_id', 'title']);
    const trigger = [...sandbox.world.webhookTriggers.values()][0]!;
    const ok = await post(url, { incident_id: '42', title: 'DB down', extra: 'ignored' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });
    expect(trigger.received.map((r) => r.body)).toEqual([{ incident_id: '42', title: 'DB down' }]);

    const nested = await post(url, { incident_id: 42 });
    expect(nested.status).toBe(400);
    expect(((await nested.json()) as { error: string }).error).toMatch(/incident_id must be a string/);
    expect((await post(`${sandbox.baseUrl}/triggers/T0SANDBOX01/1/nope`, {})).status).toBe(404);

    sandbox.addFault({ method: 'workflow_trigger', kind: 'server_error' });
    expect((await post(url, { incident_id: '43' })).status).toBe(503);
    expect(trigger.received).toHaveLength(1);
  });
});
