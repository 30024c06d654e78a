// "Add to Slack" into a second workspace, end to end against the sandbox's OAuth screens.
import { afterEach, describe, expect, it } from 'vitest';
import { OAuthTickets } from '../../../src/store/oauth-tickets.js';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

async function start() {
  stack = await startStack({ sandbox: {} });
  // The sandbox's app credentials, as an admin would configure them.
  const c = stack.sandbox.credentials;
  await stack.close();
  return c;
}

async function stackWithOAuth() {
  stack = await startStack();
  const c = stack.sandbox.credentials;
  // Restart the daemon with OAuth configured against this sandbox.
  await stack.daemon.stop();
  const { startDaemon } = await import('../../../src/daemon/lifecycle.js');
  const { createLogger } = await import('../../../src/observability/logger.js');
  Object.assign(stack.env, { SLACK_CLIENT_ID: c.clientId, SLACK_CLIENT_SECRET: c.clientSecret, SLACK_OAUTH_AUTHORIZE_URL: `${stack.sandbox.baseUrl}/oauth/v2/authorize` });
  stack.daemon = await startDaemon({ port: 0 }, stack.env, { logger: createLogger('silent') });
  stack.sandbox.setAppUrls({ redirectUrls: [`${stack.daemon.url}/api/settings/slack-oauth/callback`] });
  return stack;
}

const installLink = (s: Stack) => new OAuthTickets(s.daemon.core.db).issue('install_link', 3_600_000, Date.now());

/** A browser: follows redirects by hand and keeps cookies. */
async function browse(url: string, cookie = ''): Promise<{ status: number; location: string | null; cookie: string; body: string }> {
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const set = res.headers.get('set-cookie');
  return { status: res.status, location: res.headers.get('location'), cookie: set ? set.split(';')[0]! : cookie, body: await res.text() };
}

async function allow(s: Stack, authorizeUrl: string, decision = 'allow') {
  const q = new URL(authorizeUrl).searchParams;
  const res = await fetch(`${s.sandbox.baseUrl}/oauth/v2/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ state: q.get('state')!, redirect_uri: q.get('redirect_uri')!, scope: q.get('scope')!, team: 'T0SANDBOX02', user: 'U0HOMER0001', decision }),
  });
  return res.headers.get('location')!;
}

describe('OAuth install', () => {
  it('installs a second workspace: link → Slack → callback → stored with its own routing', async () => {
    const s = await stackWithOAuth();
    const start = await browse(`${s.daemon.url}/api/settings/slack-oauth/install?link=${installLink(s)}`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.location!);
    expect(authorize.searchParams.get('scope')).toBe('chat:write,chat:write.public,channels:read,groups:read,users:read,users:read.email,commands,channels:manage,pins:write,groups:write,im:write,usergroups:read,usergroups:write');
    expect(start.cookie).toMatch(/^opsknight_oauth=/);
    const back = await allow(s, start.location!);
    const done = await browse(back, start.cookie);
    expect(done.status).toBe(200);
    expect(done.body).toMatch(/OpsKnight is installed in Globex \(sandbox\)/);
    const ws = s.daemon.core.workspaces.get('T0SANDBOX02')!;
    expect(ws).toMatchObject({ teamName: 'Globex (sandbox)', botUserId: 'U0OPSKNGHT2', installedBy: 'slack:U0HOMER0001', status: 'ok' });
    expect(ws.botToken).toMatch(/^xoxb-/);
    // Its own default channel; incidents reach both workspaces, each in its own thread.
    s.daemon.core.workspaces.setDefaultChannel('T0SANDBOX02', 'C0GXALERTS1');
    await s.trigger();
    await s.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    const { SlackStory } = await import('../../helpers/slack-story.js');
    await new SlackStory(s.sandbox, 'T0SANDBOX02').channel('#alerts').expectMessage(/Database Connection Timeout/);
  });

  it('refuses a reused state, another browser’s state, and an install without a valid link', async () => {
    const s = await stackWithOAuth();
    expect((await browse(`${s.daemon.url}/api/settings/slack-oauth/install`)).status).toBe(403);
    const link = installLink(s);
    const start = await browse(`${s.daemon.url}/api/settings/slack-oauth/install?link=${link}`);
    expect((await browse(`${s.daemon.url}/api/settings/slack-oauth/install?link=${link}`)).body).toMatch(/already used/);
    const back = await allow(s, start.location!);
    const elsewhere = await browse(back, 'opsknight_oauth=someone-else');
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body).toMatch(/another browser/);
    expect(s.daemon.core.workspaces.get('T0SANDBOX02')).toBeNull();
    // The browser that started it can still finish; a replay of the same callback cannot.
    expect((await browse(back, start.cookie)).status).toBe(200);
    const reused = await browse(back, start.cookie);
    expect(reused.status).toBe(400);
    expect(reused.body).toMatch(/already used/);
  });

  it('explains access_denied, a bad client secret and an invalid code', async () => {
    const s = await stackWithOAuth();
    let start = await browse(`${s.daemon.url}/api/settings/slack-oauth/install?link=${installLink(s)}`);
    const denied = await browse(await allow(s, start.location!, 'cancel'), start.cookie);
    expect(denied.body).toMatch(/Installation cancelled[\s\S]*access_denied/);

    start = await browse(`${s.daemon.url}/api/settings/slack-oauth/install?link=${installLink(s)}`);
    const code = new URL(await allow(s, start.location!)).searchParams;
    const forged = new URL(`${s.daemon.url}/api/settings/slack-oauth/callback`);
    forged.searchParams.set('state', code.get('state')!);
    forged.searchParams.set('code', 'not-a-real-code');
    expect((await browse(forged.toString(), start.cookie)).body).toMatch(/invalid or expired/);

    s.sandbox.world.app.clientSecret = 'rotated-in-slack';
    start = await browse(`${s.daemon.url}/api/settings/slack-oauth/install?link=${installLink(s)}`);
    const bad = await browse(await allow(s, start.location!), start.cookie);
    expect(bad.body).toMatch(/rejected the client secret/);
  });

  it('says plainly when OAuth is not configured', async () => {
    await start();
    stack = await startStack();
    const r = await browse(`${stack.daemon.url}/api/settings/slack-oauth/install?link=x`);
    expect(r.status).toBe(503);
    expect(r.body).toMatch(/SLACK_CLIENT_ID/);
  });
});
