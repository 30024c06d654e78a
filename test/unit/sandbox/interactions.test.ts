// What the sandbox sends back to the app matches Slack's payloads (shared/slack fixtures) and is signed.
import { WebClient } from '@slack/web-api';
import express from 'express';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sandbox } from '../../../src/sandbox/sandbox.js';
import { verifySlackRequest } from '../../../src/slack/verify-signature.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/slack/${name}`, import.meta.url), 'utf8'));
const fixtureForm = (name: string) => [...new URLSearchParams(readFileSync(new URL(`../../fixtures/slack/${name}`, import.meta.url), 'utf8').trim()).keys()];

interface Received {
  path: string;
  contentType: string;
  raw: string;
  verified: boolean;
  payload: Record<string, unknown>;
}

let sandbox: Sandbox;
let server: Server;
let received: Received[];
/** What the fake app answers next (status, body), and how long it dawdles. */
let reply: { status: number; body: unknown; delayMs?: number };
let slack: WebClient;

beforeEach(async () => {
  received = [];
  reply = { status: 200, body: '' };
  const app = express();
  app.use(express.raw({ type: '*/*' }));
  app.post('/slack/:kind', async (req, res) => {
    const raw = (req.body as Buffer).toString('utf8');
    const form = new URLSearchParams(raw);
    const verified = verifySlackRequest(
      { signature: req.get('x-slack-signature'), timestamp: req.get('x-slack-request-timestamp'), rawBody: raw },
      [sandbox.credentials.signingSecret],
      Math.floor(Date.now() / 1000),
    ).ok;
    const payload = form.has('payload') ? JSON.parse(form.get('payload')!) : Object.fromEntries(form);
    received.push({ path: req.path, contentType: req.get('content-type') ?? '', raw, verified, payload });
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (typeof reply.body === 'string') res.status(reply.status).send(reply.body);
    else res.status(reply.status).json(reply.body);
  });
  server = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sandbox = new Sandbox({
    rateLimits: false,
    interactivityUrl: `${appUrl}/slack/actions`,
    commandUrl: `${appUrl}/slack/commands`,
    redirectUrls: ['https://ops.example.com/api/settings/slack-oauth/callback'],
  });
  await sandbox.start();
  slack = new WebClient(sandbox.credentials.botToken, { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } });
});
afterEach(async () => {
  await sandbox.stop();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function postWithButtons() {
  const res = await slack.chat.postMessage({
    channel: 'C0INCIDENTS',
    text: 'Incident #42',
    blocks: [
      { type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: '*Incident #42*' } },
      {
        type: 'actions',
        block_id: 'actions',
        elements: [
          { type: 'button', action_id: 'ack', text: { type: 'plain_text', text: 'Acknowledge' }, value: '42', style: 'primary' },
          {
            type: 'static_select',
            action_id: 'snooze',
            placeholder: { type: 'plain_text', text: 'Snooze' },
            options: [{ text: { type: 'plain_text', text: '15 minutes' }, value: '15m' }],
          },
          {
            type: 'overflow',
            action_id: 'more',
            options: [
              { text: { type: 'plain_text', text: 'View' }, value: 'view' },
              { text: { type: 'plain_text', text: 'Add note' }, value: 'note' },
            ],
          },
        ],
      },
    ],
  });
  return sandbox.world.message('C0INCIDENTS', res.ts!)!;
}

describe('sandbox interactions', () => {
  it('a button click is a signed, form-encoded block_actions payload shaped like Slack’s', async () => {
    const m = await postWithButtons();
    const result = await sandbox.driver.act({ message: m, userId: 'U0JANE00001', actionId: 'ack' });
    expect(result.status).toBe(200);
    const [r] = received;
    expect(r!.verified).toBe(true);
    expect(r!.contentType).toBe('application/x-www-form-urlencoded');
    expect(r!.raw.startsWith('payload=')).toBe(true);
    const real = fixture('block_actions_button_real.json');
    expect(Object.keys(r!.payload)).toEqual(expect.arrayContaining(Object.keys(real)));
    expect(Object.keys(r!.payload.container as object)).toEqual(Object.keys(real.container));
    expect(r!.payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0JANE00001', username: 'jane', team_id: 'T0SANDBOX01' },
      team: { id: 'T0SANDBOX01' },
      channel: { id: 'C0INCIDENTS', name: 'incidents' },
      container: { type: 'message', message_ts: m.ts, channel_id: 'C0INCIDENTS', is_ephemeral: false },
      message: { ts: m.ts, text: 'Incident #42' },
      actions: [{ action_id: 'ack', block_id: 'actions', type: 'button', value: '42', text: { text: 'Acknowledge' } }],
    });
    expect(String(r!.payload.trigger_id)).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
  });

  it('choosing from a select or overflow menu sends the selected option', async () => {
    const m = await postWithButtons();
    await sandbox.driver.act({ message: m, userId: 'U0BOB000001', actionId: 'snooze', value: '15m' });
    await sandbox.driver.act({ message: m, userId: 'U0BOB000001', actionId: 'more', value: 'view' });
    const [select, overflow] = received.map((r) => (r.payload.actions as Record<string, unknown>[])[0]!);
    const realSelect = fixture('block_actions_static_select.json').actions[0];
    expect(Object.keys(select!)).toEqual(expect.arrayContaining(Object.keys(realSelect)));
    expect(select).toMatchObject({ type: 'static_select', selected_option: { value: '15m' } });
    expect(overflow).toMatchObject({ type: 'overflow', selected_option: { value: 'view' } });
  });

  it('a message shortcut is a signed message_action with the message, its channel, a response_url and a trigger', async () => {
    const card = await postWithButtons();
    const said = sandbox.world.postAsUser('C0INCIDENTS', 'U0BOB000001', 'the db failover finished at 10:02', card.ts);
    await sandbox.driver.messageShortcut({ message: said, userId: 'U0JANE00001', callbackId: 'add_to_timeline' });
    const [r] = received;
    expect(r!.verified).toBe(true);
    const real = fixture('message_shortcut_real.json');
    expect(Object.keys(r!.payload)).toEqual(expect.arrayContaining(Object.keys(real)));
    expect(r!.payload).toMatchObject({
      type: 'message_action',
      callback_id: 'add_to_timeline',
      user: { id: 'U0JANE00001', team_id: 'T0SANDBOX01' },
      channel: { id: 'C0INCIDENTS', name: 'incidents' },
      message_ts: said.ts,
      message: { type: 'message', user: 'U0BOB000001', text: 'the db failover finished at 10:02', ts: said.ts, thread_ts: card.ts },
    });
    expect(String(r!.payload.response_url)).toContain('/sandbox/response/');
    // The permalink Slack gives for a reply names its thread.
    const link = await slack.chat.getPermalink({ channel: 'C0INCIDENTS', message_ts: said.ts });
    expect(link.permalink!.endsWith(`/archives/C0INCIDENTS/p${said.ts.replace('.', '')}?thread_ts=${card.ts}&cid=C0INCIDENTS`)).toBe(true);
  });

  it('a multi-user picker in a modal submits selected_users; a single one selected_user', async () => {
    const m = await postWithButtons();
    await sandbox.driver.act({ message: m, userId: 'U0JANE00001', actionId: 'ack' });
    await slack.views.open({
      trigger_id: String(received[0]!.payload.trigger_id),
      view: {
        type: 'modal',
        callback_id: 'people',
        title: { type: 'plain_text', text: 'People' },
        submit: { type: 'plain_text', text: 'Add' },
        blocks: [
          { type: 'input', block_id: 'many', label: { type: 'plain_text', text: 'Responders' }, element: { type: 'multi_users_select', action_id: 'users' } },
          { type: 'input', block_id: 'one', label: { type: 'plain_text', text: 'Assignee' }, element: { type: 'users_select', action_id: 'user' } },
        ],
      },
    });
    const view = [...sandbox.world.views.values()].find((v) => v.view.callback_id === 'people')!;
    await sandbox.driver.submitView(view, { many: { users: ['U0BOB000001', 'U0ALICE0001'] }, one: { user: 'U0BOB000001' } });
    const values = ((received[1]!.payload.view as Record<string, unknown>).state as { values: Record<string, unknown> }).values;
    expect(values).toEqual({
      many: { users: { type: 'multi_users_select', selected_users: ['U0BOB000001', 'U0ALICE0001'] } },
      one: { user: { type: 'users_select', selected_user: 'U0BOB000001' } },
    });
  });

  it('the trigger_id of a click opens a modal once, within 3 seconds', async () => {
    const m = await postWithButtons();
    await sandbox.driver.act({ message: m, userId: 'U0JANE00001', actionId: 'ack' });
    const trigger = String(received[0]!.payload.trigger_id);
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Resolve' }, blocks: [] };
    expect((await slack.views.open({ trigger_id: trigger, view })).ok).toBe(true);
    await expect(slack.views.open({ trigger_id: trigger, view })).rejects.toMatchObject({ data: { error: 'exchanged_trigger_id' } });
  });

  it('response_url posts replace or delete the original, or add ephemeral / in-channel messages, at most 5 times', async () => {
    const m = await postWithButtons();
    await sandbox.driver.act({ message: m, userId: 'U0JANE00001', actionId: 'ack' });
    const url = String(received[0]!.payload.response_url);
    const send = (body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await send({ text: 'Only Jane sees this' })).status).toBe(200);
    expect(sandbox.world.ephemerals('U0JANE00001').map((e) => e.text)).toEqual(['Only Jane sees this']);
    expect(sandbox.world.channelMessages('C0INCIDENTS', 'U0BOB000001').map((x) => x.text)).not.toContain('Only Jane sees this');
    await send({ response_type: 'in_channel', text: 'Everyone sees this' });
    expect(sandbox.world.channelMessages('C0INCIDENTS').map((x) => x.text)).toContain('Everyone sees this');
    await send({ replace_original: true, text: 'Replaced' });
    expect(sandbox.world.message('C0INCIDENTS', m.ts)!.text).toBe('Replaced');
    await send({ delete_original: true });
    expect(sandbox.world.channelMessages('C0INCIDENTS').map((x) => x.ts)).not.toContain(m.ts);
    expect((await send({ text: 'fifth' })).status).toBe(200);
    expect((await send({ text: 'sixth' })).status).toBe(404);
  });

  it('a slash command is signed flat form fields like Slack’s, and the direct answer is shown only to the user', async () => {
    reply = { status: 200, body: { text: 'You have 0 open incidents' } };
    await sandbox.driver.slashCommand({ channel: 'C0INCIDENTS', userId: 'U0JANE00001', command: '/opsknight', text: 'incidents' });
    const [r] = received;
    expect(r!.verified).toBe(true);
    expect(r!.path).toBe('/slack/commands');
    expect(Object.keys(r!.payload)).toEqual(expect.arrayContaining(fixtureForm('slash_command_real.urlencoded')));
    expect(r!.payload).toMatchObject({ command: '/opsknight', text: 'incidents', user_id: 'U0JANE00001', channel_id: 'C0INCIDENTS', team_id: 'T0SANDBOX01' });
    expect(sandbox.world.ephemerals('U0JANE00001').map((e) => e.text)).toEqual(['You have 0 open incidents']);
  });

  it('a global shortcut carries no channel and no response_url', async () => {
    await sandbox.driver.shortcut({ teamId: 'T0SANDBOX01', userId: 'U0JANE00001', callbackId: 'create_incident' });
    const p = received[0]!.payload;
    expect(Object.keys(p)).toEqual(expect.arrayContaining(Object.keys(fixture('shortcut_global.json'))));
    expect(p).toMatchObject({ type: 'shortcut', callback_id: 'create_incident' });
    expect(p.channel).toBeUndefined();
    expect(p.response_url).toBeUndefined();
  });

  it('view submissions are shaped like Slack’s; inline errors keep the modal open, an empty answer closes it', async () => {
    const trigger = sandbox.world.issueTrigger('T0SANDBOX01', 'U0JANE00001');
    const { view } = await slack.views.open({
      trigger_id: trigger,
      view: {
        type: 'modal',
        callback_id: 'snooze_custom',
        private_metadata: '42',
        notify_on_close: true,
        title: { type: 'plain_text', text: 'Snooze #42' },
        submit: { type: 'plain_text', text: 'Snooze' },
        blocks: [
          { type: 'input', block_id: 'duration', label: { type: 'plain_text', text: 'For how long?' }, element: { type: 'plain_text_input', action_id: 'value' } },
          {
            type: 'input',
            block_id: 'urgency',
            label: { type: 'plain_text', text: 'Urgency' },
            element: { type: 'static_select', action_id: 'value', options: [{ text: { type: 'plain_text', text: 'High' }, value: 'HIGH' }] },
          },
        ],
      },
    });
    const sbView = sandbox.world.views.get(view!.id!)!;
    reply = { status: 200, body: { response_action: 'errors', errors: { duration: 'Use 90m, 2h30m or a date' } } };
    await sandbox.driver.submitView(sbView, { duration: { value: 'soon' }, urgency: { value: 'HIGH' } });
    const p = received[0]!.payload;
    const real = fixture('view_submission_real.json');
    expect(Object.keys(p)).toEqual(expect.arrayContaining(Object.keys(real)));
    expect(Object.keys(p.view as object)).toEqual(expect.arrayContaining(Object.keys(real.view)));
    expect(p).toMatchObject({
      type: 'view_submission',
      view: {
        callback_id: 'snooze_custom',
        private_metadata: '42',
        state: { values: { duration: { value: { type: 'plain_text_input', value: 'soon' } }, urgency: { value: { type: 'static_select', selected_option: { value: 'HIGH' } } } } },
      },
    });
    expect(sbView.closed).toBe(false);
    expect(sbView.errors).toEqual({ duration: 'Use 90m, 2h30m or a date' });

    reply = { status: 200, body: '' };
    await sandbox.driver.submitView(sbView, { duration: { value: '90m' } });
    expect(sbView.closed).toBe(true);
  });

  it('closing a modal tells the app only when it asked (notify_on_close)', async () => {
    const open = async (notify: boolean) =>
      (await slack.views.open({
        trigger_id: sandbox.world.issueTrigger('T0SANDBOX01', 'U0JANE00001'),
        view: { type: 'modal', notify_on_close: notify, title: { type: 'plain_text', text: 'x' }, blocks: [] },
      })).view!.id!;
    await sandbox.driver.closeView(sandbox.world.views.get(await open(false))!);
    expect(received).toHaveLength(0);
    await sandbox.driver.closeView(sandbox.world.views.get(await open(true))!);
    expect(received[0]!.payload).toMatchObject({ type: 'view_closed', is_cleared: false });
  });

  it('an app that does not answer within 3 seconds is reported as a timeout', async () => {
    reply = { status: 200, body: '', delayMs: 3300 };
    const m = await postWithButtons();
    const result = await sandbox.driver.act({ message: m, userId: 'U0JANE00001', actionId: 'ack' });
    expect(result.error).toBe('operation_timeout');
  });

  it('OAuth: the authorize page redirects back with code and state, exchanged once by oauth.v2.access', async () => {
    const redirect = 'https://ops.example.com/api/settings/slack-oauth/callback';
    const { clientId, clientSecret } = sandbox.credentials;
    const page = await fetch(`${sandbox.baseUrl}/oauth/v2/authorize?client_id=${clientId}&scope=chat:write,commands&state=st4te&redirect_uri=${encodeURIComponent(redirect)}`);
    expect(await page.text()).toContain('is requesting permission');
    const decide = (decision: string) =>
      fetch(`${sandbox.baseUrl}/oauth/v2/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ state: 'st4te', redirect_uri: redirect, scope: 'chat:write,commands', team: 'T0SANDBOX02', user: 'U0HOMER0001', decision }),
      });
    const denied = new URL((await decide('cancel')).headers.get('location')!);
    expect(Object.fromEntries(denied.searchParams)).toEqual({ state: 'st4te', error: 'access_denied' });

    const allowed = new URL((await decide('allow')).headers.get('location')!);
    expect(allowed.origin + allowed.pathname).toBe(redirect);
    expect(allowed.searchParams.get('state')).toBe('st4te');
    const code = allowed.searchParams.get('code')!;
    const anon = new WebClient(undefined, { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } });
    await expect(anon.oauth.v2.access({ client_id: clientId, client_secret: 'wrong', code, redirect_uri: redirect })).rejects.toMatchObject({ data: { error: 'bad_client_secret' } });
    const ok = await anon.oauth.v2.access({ client_id: clientId, client_secret: clientSecret, code, redirect_uri: redirect });
    expect(Object.keys(ok)).toEqual(expect.arrayContaining(Object.keys(fixture('oauth_v2_access_response.json')).filter((k) => k !== 'incoming_webhook')));
    expect(ok).toMatchObject({ ok: true, token_type: 'bot', team: { id: 'T0SANDBOX02', name: 'Globex (sandbox)' }, authed_user: { id: 'U0HOMER0001' } });
    await expect(anon.oauth.v2.access({ client_id: clientId, client_secret: clientSecret, code, redirect_uri: redirect })).rejects.toMatchObject({ data: { error: 'invalid_code' } });
    // The new token works; the one it replaced does not.
    const fresh = new WebClient(ok.access_token, { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } });
    expect((await fresh.auth.test()).team_id).toBe('T0SANDBOX02');
    const old = new WebClient(sandbox.credentials.secondBotToken, { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } });
    await expect(old.auth.test()).rejects.toMatchObject({ data: { error: 'token_revoked' } });
  });
});
