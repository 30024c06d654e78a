// The emulator speaks Slack's Web API well enough that the real @slack/web-api client works unchanged.
import { WebClient, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sandbox } from '../../../src/sandbox/sandbox.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/slack/${name}`, import.meta.url), 'utf8'));

let sandbox: Sandbox;
let slack: WebClient;
const client = (token: string) =>
  new WebClient(token, { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });

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

describe('sandbox Web API', () => {
  it('auth.test answers like Slack, with the granted scopes in x-oauth-scopes', async () => {
    const res = await slack.auth.test();
    const shape = fixture('auth_test_response_bot.json');
    expect(Object.keys(res)).toEqual(expect.arrayContaining(Object.keys(shape)));
    expect(res).toMatchObject({ ok: true, team_id: 'T0SANDBOX01', user_id: 'U0OPSKNIGHT', bot_id: 'B0OPSKNIGHT' });
    expect(res.response_metadata?.scopes).toEqual(expect.arrayContaining(['chat:write', 'users:read.email']));
  });

  it('refuses missing, unknown, revoked and inactive tokens with Slack’s errors', async () => {
    expect((await slackError(client('').auth.test())).error).toBe(fixture('auth_test_error_not_authed.json').error);
    expect((await slackError(client('xoxb-nope').auth.test())).error).toBe(fixture('auth_test_error_invalid_auth.json').error);
    sandbox.world.tokens.get(sandbox.credentials.botToken)!.revoked = true;
    expect((await slackError(slack.auth.test())).error).toBe('token_revoked');
    sandbox.world.tokens.get(sandbox.credentials.secondBotToken)!.inactive = true;
    expect((await slackError(client(sandbox.credentials.secondBotToken).auth.test())).error).toBe('account_inactive');
  });

  it('users.list pages through the workspace, needs users:read, and hides e-mails as Slack does', async () => {
    const first = await slack.users.list({ limit: 2 });
    expect(first.members).toHaveLength(2);
    const rest = await slack.users.list({ limit: 100, cursor: first.response_metadata!.next_cursor! });
    const all = [...first.members!, ...rest.members!];
    expect(rest.response_metadata?.next_cursor).toBe('');
    expect(all.map((m) => m.id)).toEqual(expect.arrayContaining(['U0JANE00001', 'U0GHOST0001', 'U0OPSKNIGHT']));
    expect(all.every((m) => m.team_id === 'T0SANDBOX01')).toBe(true);
    expect(all.find((m) => m.id === 'U0JANE00001')?.profile?.email).toBe('jane@example.com');
    expect(all.find((m) => m.id === 'U0GHOST0001')?.profile?.email).toBeUndefined();
    expect((await slackError(slack.users.list({ cursor: 'bm9wZQ==' }))).error).toBe('invalid_cursor');
    sandbox.world.tokens.get(sandbox.credentials.botToken)!.scopes = ['chat:write'];
    expect(await slackError(slack.users.list({}))).toMatchObject({ error: 'missing_scope', needed: 'users:read' });
  });

  it('api.test needs no token, echoes its arguments, and carries a Date header the sandbox can skew', async () => {
    expect(await client('').apiCall('api.test', { foo: 'bar' })).toMatchObject({ ok: true, args: { foo: 'bar' } });
    expect((await slackError(client('').api.test({ error: 'my_error' }))).error).toBe('my_error');
    sandbox.dateSkewMs = 120_000;
    const res = await fetch(`${sandbox.apiUrl}api.test`, { method: 'POST' });
    expect(Date.parse(res.headers.get('date')!) - Date.now()).toBeGreaterThan(110_000);
  });

  it('posts messages with blocks and coloured attachments, threads replies and broadcasts them', async () => {
    const parent = await slack.chat.postMessage({
      channel: 'C0INCIDENTS',
      text: 'Database Connection Timeout',
      attachments: [{ color: '#E01E5A', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Database Connection Timeout*' } }] }],
    });
    expect(parent).toMatchObject({ ok: true, channel: 'C0INCIDENTS', message: { bot_id: 'B0OPSKNIGHT', text: 'Database Connection Timeout' } });
    const reply = await slack.chat.postMessage({ channel: 'C0INCIDENTS', thread_ts: parent.ts!, text: 'Woken', reply_broadcast: true });
    expect(reply.message?.thread_ts).toBe(parent.ts);
    expect(sandbox.world.replies('C0INCIDENTS', parent.ts!).map((m) => m.text)).toEqual(['Woken']);
    // A broadcast reply also shows in the channel.
    expect(sandbox.world.channelMessages('C0INCIDENTS').map((m) => m.text)).toEqual(['Database Connection Timeout', 'Woken']);
    const link = await slack.chat.getPermalink({ channel: 'C0INCIDENTS', message_ts: parent.ts! });
    expect(link.permalink).toContain(`/archives/C0INCIDENTS/p${parent.ts!.replace('.', '')}`);
  });

  it('updates a message in place and keeps fields that were left out', async () => {
    const { ts } = await slack.chat.postMessage({ channel: 'incidents', text: 'v1', blocks: [{ type: 'section', text: { type: 'plain_text', text: 'v1' } }] });
    const updated = await slack.chat.update({ channel: 'C0INCIDENTS', ts: ts!, text: 'v2', blocks: [{ type: 'section', text: { type: 'plain_text', text: 'v2' } }] });
    expect(updated).toMatchObject({ ok: true, text: 'v2' });
    const m = sandbox.world.message('C0INCIDENTS', ts!)!;
    expect(m.edited).toBeDefined();
    expect((await slackError(slack.chat.update({ channel: 'C0INCIDENTS', ts: '1.000001', text: 'x' }))).error).toBe('message_not_found');
    expect((await slackError(slack.chat.update({ channel: 'C0INCIDENTS', ts: ts!, text: 'x'.repeat(4001) }))).error).toBe('msg_too_long');
  });

  it('answers channel errors as Slack does', async () => {
    expect((await slackError(slack.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).error).toBe('channel_not_found');
    expect((await slackError(slack.chat.postMessage({ channel: 'G0SECRET001', text: 'x' }))).error).toBe('not_in_channel');
    expect((await slackError(slack.chat.postMessage({ channel: 'C0OLDALERTS', text: 'x' }))).error).toBe('is_archived');
    // chat:write.public lets the bot post in a public channel it has not joined.
    expect((await slack.chat.postMessage({ channel: 'C0CRITICAL1', text: 'x' })).ok).toBe(true);
    // Without it, the bot must be a member.
    sandbox.world.tokens.get(sandbox.credentials.botToken)!.scopes = ['chat:write'];
    expect((await slackError(slack.chat.postMessage({ channel: 'C0RANDOM001', text: 'x' }))).error).toBe('not_in_channel');
    expect((await slackError(slack.chat.postMessage({ channel: 'C0INCIDENTS' } as never))).error).toBe('no_text');
  });

  it('refuses a call without the scope, naming what is needed and what was granted', async () => {
    sandbox.world.tokens.get(sandbox.credentials.botToken)!.scopes = ['chat:write'];
    const err = await slackError(slack.users.lookupByEmail({ email: 'jane@example.com' }));
    const shape = fixture('error_missing_scope.json');
    expect(Object.keys(err)).toEqual(expect.arrayContaining(Object.keys(shape)));
    expect(err).toMatchObject({ error: 'missing_scope', needed: 'users:read.email', provided: 'chat:write' });
  });

  it('refuses invalid or over-limit blocks with invalid_blocks and the reason', async () => {
    const tooLong = await slackError(
      slack.chat.postMessage({ channel: 'C0INCIDENTS', text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'a'.repeat(3001) } }] }),
    );
    expect(tooLong.error).toBe('invalid_blocks');
    expect((tooLong.response_metadata as { messages: string[] }).messages[0]).toBe(
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    );
    const cases: unknown[][] = [
      [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } }],
      [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      Array.from({ length: 51 }, () => ({ type: 'divider' })),
      [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => ({ type: 'button', action_id: `a${i}`, text: { type: 'plain_text', text: 'b' } })) }],
      [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) } }] }],
      [{ type: 'actions', elements: [{ type: 'overflow', action_id: 'o', options: Array.from({ length: 6 }, (_, i) => ({ text: { type: 'plain_text', text: `o${i}` }, value: `v${i}` })) }] }],
      [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }],
      [{ type: 'section', text: { type: 'mrkdwn', text: 'a' }, block_id: 'dup' }, { type: 'divider', block_id: 'dup' }],
      [{ type: 'input', label: { type: 'plain_text', text: 'x' }, element: { type: 'plain_text_input', action_id: 'x' } }],
      [{ type: 'carousel' }],
    ];
    for (const blocks of cases) {
      expect((await slackError(slack.chat.postMessage({ channel: 'C0INCIDENTS', text: 'x', blocks: blocks as never }))).error).toBe('invalid_blocks');
    }
    const badColour = await slackError(slack.chat.postMessage({ channel: 'C0INCIDENTS', text: 'x', attachments: [{ color: 'red' }] }));
    expect(badColour.error).toBe('invalid_attachments');
    const many = await slackError(slack.chat.postMessage({ channel: 'C0INCIDENTS', text: 'x', attachments: Array.from({ length: 101 }, () => ({ text: 'a' })) }));
    expect(many.error).toBe(fixture('chat_postMessage_examples.json')[1].error);
  });

  it('checks a button’s confirmation dialog as Slack does: text required, plain-text title and buttons within their limits', async () => {
    const button = (confirm: unknown) => [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'Go' }, confirm }] }];
    const plain = (text: string) => ({ type: 'plain_text', text });
    const ok = { title: plain('Sure?'), text: { type: 'mrkdwn', text: 'This does *many* things.' }, confirm: plain('Yes'), deny: plain('No'), style: 'danger' };
    await slack.chat.postMessage({ channel: 'C0INCIDENTS', text: 'x', blocks: button(ok) as never });
    const problems: [unknown, string][] = [
      [{ ...ok, text: undefined }, '[ERROR] must provide an object [json-pointer:/blocks/0/elements/0/confirm/text]'],
      [{ ...ok, title: plain('t'.repeat(101)) }, '[ERROR] must be less than 101 characters [json-pointer:/blocks/0/elements/0/confirm/title/text]'],
      [{ ...ok, confirm: plain('c'.repeat(31)) }, '[ERROR] must be less than 31 characters [json-pointer:/blocks/0/elements/0/confirm/confirm/text]'],
      [{ ...ok, deny: { type: 'mrkdwn', text: 'No' } }, '[ERROR] must be plain_text [json-pointer:/blocks/0/elements/0/confirm/deny/type]'],
      [{ ...ok, style: 'loud' }, '[ERROR] must be a valid enum value [json-pointer:/blocks/0/elements/0/confirm/style]'],
    ];
    for (const [confirm, message] of problems) {
      const err = await slackError(slack.chat.postMessage({ channel: 'C0INCIDENTS', text: 'x', blocks: button(confirm) as never }));
      expect(err.error).toBe('invalid_blocks');
      expect((err.response_metadata as { messages: string[] }).messages).toContain(message);
    }
  });

  it('truncates over-long message text with Slack’s warning instead of refusing it', async () => {
    const res = await slack.chat.postMessage({ channel: 'C0INCIDENTS', text: 'x'.repeat(40_010) });
    const warning = fixture('warning_message_truncated.json');
    expect(res.ok).toBe(true);
    expect(res.response_metadata?.warnings).toEqual(warning.response_metadata.warnings);
    expect(sandbox.world.message('C0INCIDENTS', res.ts!)!.text).toHaveLength(40_000);
  });

  it('lists conversations with cursor pagination, types and exclude_archived, private ones only when invited', async () => {
    const all = [];
    for await (const page of slack.paginate('conversations.list', { types: 'public_channel,private_channel', limit: 3 })) {
      all.push(...((page as unknown as { channels: { name: string }[] }).channels ?? []));
    }
    const names = all.map((c) => c.name).sort();
    expect(names).toContain('sre-private');
    expect(names).not.toContain('secret-ops');
    expect(names).toContain('old-alerts');
    const active = await slack.conversations.list({ exclude_archived: true, limit: 200 });
    expect(active.channels!.map((c) => c.name)).not.toContain('old-alerts');
    expect(active.channels!.every((c) => !c.is_private)).toBe(true);
    expect(Object.keys(active.channels![0]!)).toEqual(expect.arrayContaining(Object.keys(fixture('conversations_list_response.json').channels[0])));
    expect((await slackError(slack.conversations.list({ limit: 5000 }))).error).toBe('invalid_limit');
    expect((await slackError(slack.conversations.list({ cursor: 'bm9wZQ==' }))).error).toBe('invalid_cursor');
    expect((await slackError(slack.conversations.list({ types: 'channels' }))).error).toBe('invalid_types');
  });

  it('joins public channels only, with channels:join', async () => {
    expect((await slackError(slack.conversations.join({ channel: 'C0RANDOM001' }))).error).toBe('missing_scope');
    sandbox.world.tokens.get(sandbox.credentials.botToken)!.scopes.push('channels:join');
    expect((await slack.conversations.join({ channel: 'C0RANDOM001' })).ok).toBe(true);
    expect((await slack.conversations.info({ channel: 'C0RANDOM001' })).channel?.is_member).toBe(true);
    expect((await slackError(slack.conversations.join({ channel: 'G0SECRET001' }))).error).toBe('channel_not_found');
    expect((await slackError(slack.conversations.join({ channel: 'C0OLDALERTS' }))).error).toBe('is_archived');
  });

  it('looks users up by e-mail (case-insensitively) and hides hidden e-mails', async () => {
    const jane = await slack.users.lookupByEmail({ email: 'JANE@example.com' });
    expect(jane.user).toMatchObject({ id: 'U0JANE00001', profile: { email: 'jane@example.com' } });
    expect(Object.keys(jane.user!)).toEqual(expect.arrayContaining(['id', 'team_id', 'name', 'real_name', 'profile']));
    const ghost = await slack.users.info({ user: 'U0GHOST0001' });
    expect(ghost.user?.profile?.email).toBeUndefined();
    expect((await slackError(slack.users.lookupByEmail({ email: 'nobody@example.com' }))).error).toBe('users_not_found');
    expect((await slackError(slack.users.info({ user: 'U0NOBODY' }))).error).toBe('user_not_found');
  });

  it('opens views with a trigger_id that is single-use and valid for 3 seconds', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Resolve #42' }, submit: { type: 'plain_text' as const, text: 'Resolve' }, blocks: [{ type: 'input', block_id: 'note', label: { type: 'plain_text', text: 'Note' }, element: { type: 'plain_text_input', action_id: 'v' }, optional: true }] };
    const trigger = sandbox.world.issueTrigger('T0SANDBOX01', 'U0JANE00001');
    const opened = await slack.views.open({ trigger_id: trigger, view });
    expect(Object.keys(opened.view!)).toEqual(expect.arrayContaining(Object.keys(fixture('views_open_examples.json')[0].view)));
    expect((await slackError(slack.views.open({ trigger_id: trigger, view }))).error).toBe('exchanged_trigger_id');
    const stale = sandbox.world.issueTrigger('T0SANDBOX01', 'U0JANE00001');
    sandbox.world.triggers.get(stale)!.issuedAt -= 3001;
    expect((await slackError(slack.views.open({ trigger_id: stale, view }))).error).toBe('expired_trigger_id');
    expect((await slackError(slack.views.open({ trigger_id: 'nope', view }))).error).toBe(fixture('views_open_examples.json')[1].error);
    const longTitle = { ...view, title: { type: 'plain_text' as const, text: 'x'.repeat(25) } };
    expect((await slackError(slack.views.open({ trigger_id: sandbox.world.issueTrigger('T0SANDBOX01', 'U0JANE00001'), view: longTitle }))).error).toBe('invalid_arguments');
    const updated = await slack.views.update({ view_id: opened.view!.id!, view: { ...view, title: { type: 'plain_text', text: 'Updated' } } });
    expect(updated.view?.title?.text).toBe('Updated');
    expect((await slackError(slack.views.update({ view_id: opened.view!.id!, hash: 'stale', view }))).error).toBe('hash_conflict');
  });

  it('answers 429 with Retry-After when a channel gets more than about one message a second', async () => {
    sandbox.limiter.enabled = true;
    let limited: WebAPIRateLimitedError | null = null;
    let posted = 0;
    for (let i = 0; i < 10 && !limited; i++) {
      try {
        await slack.chat.postMessage({ channel: 'C0INCIDENTS', text: `burst ${i}` });
        posted++;
      } catch (err) {
        limited = err as WebAPIRateLimitedError;
      }
    }
    expect(posted).toBeGreaterThanOrEqual(1);
    expect(posted).toBeLessThanOrEqual(4);
    expect(limited?.code).toBe('slack_webapi_rate_limited_error');
    expect(limited?.retryAfter).toBeGreaterThanOrEqual(1);
    // Another channel has its own allowance.
    expect((await slack.chat.postMessage({ channel: 'C0PAYMENTS1', text: 'other channel' })).ok).toBe(true);
  });

  it('injects faults per method: 5xx, 429 and timeouts, for a number of calls', async () => {
    sandbox.addFault({ method: 'chat.postMessage', kind: 'server_error', status: 503, calls: 1 });
    await expect(slack.chat.postMessage({ channel: 'C0INCIDENTS', text: 'x' })).rejects.toMatchObject({ code: 'slack_webapi_http_error' });
    expect((await slack.chat.postMessage({ channel: 'C0INCIDENTS', text: 'x' })).ok).toBe(true);
    sandbox.addFault({ method: '*', kind: 'rate_limited', retryAfter: 7, calls: 1 });
    await expect(slack.auth.test()).rejects.toMatchObject({ retryAfter: 7 });
    sandbox.addFault({ method: 'auth.test', kind: 'timeout', calls: 1 });
    const quick = new WebClient(sandbox.credentials.botToken, { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 }, timeout: 300 });
    await expect(quick.auth.test()).rejects.toThrow();
    expect((await slack.auth.test()).ok).toBe(true);
  });

  it('records every call without its token', async () => {
    await slack.chat.postMessage({ channel: 'C0INCIDENTS', text: 'hello' });
    await slackError(slack.chat.postMessage({ channel: 'C0NOPE', text: 'x' }));
    const calls = sandbox.world.calls.filter((c) => c.method === 'chat.postMessage');
    expect(calls.map((c) => [c.ok, c.error])).toEqual([
      [true, undefined],
      [false, 'channel_not_found'],
    ]);
    expect(JSON.stringify(sandbox.world.calls)).not.toContain(sandbox.credentials.botToken);
  });

  it('opens a Socket Mode connection URL for an app-level token only', async () => {
    const app = new WebClient(sandbox.credentials.appToken, { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } });
    const res = await app.apps.connections.open();
    expect(res.url).toMatch(/^ws:\/\/.*\/link\/\?ticket=/);
    expect((await slackError(slack.apps.connections.open())).error).toBe('not_allowed_token_type');
  });

  it('a deleted message (chat.delete or an admin) leaves the channel, and chat.update on it answers message_not_found', async () => {
    const first = await slack.chat.postMessage({ channel: 'C0INCIDENTS', text: 'first card' });
    const second = await slack.chat.postMessage({ channel: 'C0INCIDENTS', text: 'second card' });
    expect(await slack.chat.delete({ channel: 'C0INCIDENTS', ts: first.ts! })).toMatchObject({ ok: true, channel: 'C0INCIDENTS', ts: first.ts });
    expect((await slackError(slack.chat.delete({ channel: 'C0INCIDENTS', ts: first.ts! }))).error).toBe('message_not_found');
    expect((await slackError(slack.chat.update({ channel: 'C0INCIDENTS', ts: first.ts!, text: 'edited' }))).error).toBe('message_not_found');
    // An admin deletes the other one from Slack's message menu: the app is not told, its next update fails.
    const admin = await fetch(`${sandbox.baseUrl}/sandbox/messages/delete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel: 'C0INCIDENTS', ts: second.ts }) });
    expect(admin.status).toBe(200);
    expect((await slackError(slack.chat.update({ channel: 'C0INCIDENTS', ts: second.ts!, text: 'edited' }))).error).toBe('message_not_found');
    expect(sandbox.world.channelMessages('C0INCIDENTS')).toEqual([]);
  });

  it('views.publish sets a user’s Home tab, with Slack’s errors for an unknown user, a stale hash and a non-home view', async () => {
    const home = { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Hello Jane' } }] };
    const first = await slack.views.publish({ user_id: 'U0JANE00001', view: home as never });
    expect(first.view).toMatchObject({ type: 'home', blocks: home.blocks });
    expect(sandbox.world.homes.get('T0SANDBOX01:U0JANE00001')?.view).toEqual(home);
    expect((await slackError(slack.views.publish({ user_id: 'U0NOBODY001', view: home as never }))).error).toBe('user_not_found');
    expect((await slackError(slack.views.publish({ user_id: 'U0JANE00001', view: home as never, hash: 'stale.hash' }))).error).toBe('hash_conflict');
    await slack.views.publish({ user_id: 'U0JANE00001', view: home as never, hash: first.view!.hash! });
    const modal = { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] };
    expect((await slackError(slack.views.publish({ user_id: 'U0JANE00001', view: modal as never }))).error).toBe('invalid_arguments');
  });

  it('conversations.open opens the bot’s DM with a person once (im:write), and posting there works', async () => {
    const first = await slack.conversations.open({ users: 'U0BOB000001' });
    expect(first.channel?.id).toMatch(/^D[A-Z0-9]+$/);
    const again = await slack.conversations.open({ users: 'U0BOB000001', return_im: true });
    expect(again).toMatchObject({ no_op: true, already_open: true, channel: { id: first.channel!.id, is_im: true } });
    await slack.chat.postMessage({ channel: first.channel!.id!, text: 'You were assigned incident #1' });
    expect(sandbox.world.channelMessages(first.channel!.id!).map((m) => m.text)).toEqual(['You were assigned incident #1']);
    // A DM is not a channel in conversations.list.
    const listed = await slack.conversations.list({ types: 'public_channel,private_channel' });
    expect(listed.channels!.map((c) => c.id)).not.toContain(first.channel!.id);
  });

  it('conversations.open answers Slack’s errors: no users, unknown or deactivated user, a bot, and missing im:write', async () => {
    expect((await slackError(slack.conversations.open({} as never))).error).toBe('users_list_not_supplied');
    expect((await slackError(slack.conversations.open({ users: 'U0NOBODY001' }))).error).toBe('user_not_found');
    expect((await slackError(slack.conversations.open({ users: 'U0OPSKNIGHT' }))).error).toBe('cannot_dm_bot');
    sandbox.world.users.get('U0ALICE0001')!.deleted = true;
    expect((await slackError(slack.conversations.open({ users: 'U0ALICE0001' }))).error).toBe('user_disabled');
    expect((await slackError(slack.conversations.open({ channel: 'C0INCIDENTS' }))).error).toBe('method_not_supported_for_channel_type');
    sandbox.world.tokens.get(sandbox.credentials.botToken)!.scopes = ['chat:write'];
    expect(await slackError(slack.conversations.open({ users: 'U0BOB000001' }))).toMatchObject({ error: 'missing_scope', needed: 'im:write' });
  });

  it('an overflow menu needs 2 to 5 options', async () => {
    const overflow = (n: number) => [{ type: 'actions', elements: [{ type: 'overflow', action_id: 'o', options: Array.from({ length: n }, (_, i) => ({ text: { type: 'plain_text', text: `o${i}` }, value: `v${i}` })) }] }];
    expect(await slackError(slack.chat.postMessage({ channel: 'C0INCIDENTS', text: 'x', blocks: overflow(1) }))).toMatchObject({
      error: 'invalid_blocks',
      response_metadata: { messages: ['[ERROR] must provide at least 2 items [json-pointer:/blocks/0/elements/0/options]'] },
    });
    expect((await slack.chat.postMessage({ channel: 'C0INCIDENTS', text: 'x', blocks: overflow(2) })).ok).toBe(true);
  });
});
