// Responders act on incidents from Slack, and nobody else can.
import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../../src/sandbox/interactions.js';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

async function incidentMessage(s: Stack, body: Record<string, unknown> = {}) {
  const { id } = await s.trigger(body);
  const title = String(body.title ?? 'Database Connection Timeout').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const msg = await s.slack.channel('#incidents').expectMessage(new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return { id, msg };
}

describe('Slack interactivity', () => {
  it('Acknowledge: the incident is acknowledged by the mapped user, the button changes and the thread says who', async () => {
    stack = await startStack();
    stack.daemon.core.directory.addUser({ name: 'Jane Doe', email: 'JANE@example.com' });
    const { id, msg } = await incidentMessage(stack);
    const click = await msg.button('Acknowledge').click({ as: 'jane' });
    expect(click.status).toBe(200);
    expect(click.ms).toBeLessThan(3000);
    await msg.expectThreadReply(/✅ Acknowledged by <@U0JANE00001> \(<!date\^\d+\^\{ago\}\|[^>]+>\)$/);
    await msg.expectText(/Acknowledged ✓/);
    const shown = await stack.api('GET', `/api/incidents/${id}`);
    expect(shown.body).toMatchObject({ status: 'ACKNOWLEDGED', acknowledged_by: 'Jane Doe' });
    expect(shown.body.events[1]).toMatchObject({ type: 'acknowledged', source: 'slack', actor: 'Jane Doe' });
  });

  it('an unmapped Slack user is recorded "via Slack"; an INACTIVE one is refused with an explanation', async () => {
    stack = await startStack();
    stack.daemon.core.directory.addUser({ name: 'Bob Smith', email: 'bob@example.com', status: 'INACTIVE' });
    const { id, msg } = await incidentMessage(stack);
    await msg.button('Acknowledge').click({ as: 'bob' });
    await stack.slack.expectEphemeral('bob', /INACTIVE/);
    expect((await stack.api('GET', `/api/incidents/${id}`)).body.status).toBe('OPEN');
    await msg.button('Acknowledge').click({ as: 'ghost' });
    await msg.expectThreadReply(/Acknowledged by <@U0GHOST0001> \(via Slack\)/);
    expect((await stack.api('GET', `/api/incidents/${id}`)).body.acknowledged_by).toBe('Casper Hidden (via Slack)');
  });

  it('a workspace can require a mapped ACTIVE user for every action', async () => {
    stack = await startStack();
    stack.daemon.core.workspaces.updateSettings(stack.teamId, { requireMappedUser: true });
    const { id, msg } = await incidentMessage(stack);
    await msg.button('Acknowledge').click({ as: 'alice' });
    await stack.slack.expectEphemeral('alice', /Only OpsKnight users can act.*Alice\.Chen@Example\.com/);
    expect((await stack.api('GET', `/api/incidents/${id}`)).body.status).toBe('OPEN');
  });

  it('Resolve opens a modal; submitting resolves with the note and removes the buttons; closing changes nothing', async () => {
    stack = await startStack();
    stack.daemon.core.directory.addUser({ name: 'Bob Smith', email: 'bob@example.com' });
    const { id, msg } = await incidentMessage(stack);
    await msg.button('Resolve').click({ as: 'bob' });
    const cancelled = await stack.slack.expectModal('bob', /Resolve #1/);
    await cancelled.close();
    expect((await stack.api('GET', `/api/incidents/${id}`)).body.status).toBe('OPEN');

    await msg.button('Resolve').click({ as: 'bob' });
    const modal = await stack.slack.expectModal('bob', /Resolve #1/);
    const res = await modal.submit({ note: 'Restarted connection pool' });
    expect(res.status).toBe(200);
    expect(modal.closed).toBe(true);
    await msg.expectThreadReply(/🔧 Resolved by <@U0BOB000001> \(<!date\^\d+\^\{ago\}\|[^>]+>\)\nResolution: Restarted connection pool/);
    await msg.expectText(/Resolution:\* Restarted connection pool/);
    expect(msg.buttons()).toEqual(['View in OpsKnight']);
  });

  it('acting on an incident that already moved says who did what and when', async () => {
    stack = await startStack();
    const { id, msg } = await incidentMessage(stack);
    const seenByJane = msg.snapshot();
    await stack.api('POST', `/api/incidents/${id}/resolve`, { note: 'fixed elsewhere' });
    await seenByJane.button('Acknowledge').click({ as: 'jane' });
    // When, as a Slack date: each reader sees "… ago" and the time in their own zone, never raw ISO.
    const when = /<!date\^\d+\^\{ago\}\|[^>]+>, on <!date\^\d+\^\{date_short_pretty\} at \{time\}\|[^>]+>/.source;
    await stack.slack.expectEphemeral('jane', new RegExp(`Incident #1 is RESOLVED \\(resolved by API ${when}\\)`));
    await seenByJane.button('Resolve').click({ as: 'jane' });
    await stack.slack.expectEphemeral('jane', new RegExp(`already resolved by API ${when}\\.`));
  });

  it('a private answer survives Slack failing its response_url for a while', async () => {
    stack = await startStack();
    const { id, msg } = await incidentMessage(stack);
    await stack.api('POST', `/api/incidents/${id}/acknowledge`, {});
    stack.sandbox.addFault({ method: 'response_url', kind: 'server_error', calls: 1 });
    stack.sandbox.addFault({ method: 'response_url', kind: 'rate_limited', retryAfter: 1, calls: 1 });
    const started = Date.now();
    await msg.button('Acknowledge').click({ as: 'jane' });
    await stack.slack.expectEphemeral('jane', /already acknowledged/i);
    // 503, then 429 with Retry-After: 1, then delivered.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });

  it('concurrent clicks: exactly one transition and one thread reply', async () => {
    stack = await startStack();
    const { id, msg } = await incidentMessage(stack);
    await Promise.all(['jane', 'bob', 'alice', 'jane', 'bob'].map((as) => msg.button('Acknowledge').click({ as })));
    await stack.settle();
    const events = (await stack.api('GET', `/api/incidents/${id}`)).body.events.filter((e: { type: string }) => e.type === 'acknowledged');
    expect(events).toHaveLength(1);
    expect(msg.replies().filter((r) => /Acknowledged/.test(r))).toHaveLength(1);
  });

  it('Snooze: a preset snoozes; Custom… takes 90m or a date and time, with inline errors for bad input', async () => {
    stack = await startStack();
    const { id, msg } = await incidentMessage(stack);
    await msg.menu(/Snooze/).choose('30 minutes', { as: 'jane' });
    await msg.expectThreadReply(/💤 Snoozed by .* until .*\(30m\)/);
    const snoozed = (await stack.api('GET', `/api/incidents/${id}`)).body;
    expect(snoozed.status).toBe('SNOOZED');
    expect(new Date(snoozed.snoozed_until).getTime() - Date.now()).toBeGreaterThan(29 * 60_000);

    await msg.menu(/Snooze/).choose('Custom…', { as: 'jane' });
    const modal = await stack.slack.expectModal('jane', /Snooze #1/);
    await modal.submit({ duration: 'a while' });
    expect(modal.closed).toBe(false);
    expect(modal.errors?.duration).toMatch(/not a duration/);
    await modal.submit({ date: '2020-01-01', time: '10:00' });
    expect(modal.errors?.time).toMatch(/passed/);
    await modal.submit({ duration: '2h30m' });
    expect(modal.closed).toBe(true);
    await msg.expectThreadReply(/\(2h 30m\)/);
  });

  it('the scheduler wakes a snoozed incident on time, broadcasting the wake-up to the channel', async () => {
    stack = await startStack();
    const { id, msg } = await incidentMessage(stack);
    const until = new Date(stack.clock.ms() + 30 * 60_000).toISOString();
    await stack.api('POST', `/api/incidents/${id}/snooze`, { until });
    await stack.settle();
    expect(msg.replies().some((r) => /Snooze is over/.test(r))).toBe(false);
    // Half an hour later, on the daemon's clock: the scheduler wakes it by itself.
    stack.advance(30 * 60_000);
    await msg.expectThreadReply(/⏰ Snooze is over/);
    const woke = (await stack.api('GET', `/api/incidents/${id}`)).body;
    expect(woke.status).toBe('OPEN');
    const wokenAt = new Date(woke.events.find((e: { type: string }) => e.type === 'woken').at).getTime();
    expect(wokenAt - new Date(until).getTime()).toBeLessThan(1000);
    const broadcast = stack.sandbox.world.replies('C0INCIDENTS', msg.ts).find((m) => /Snooze is over/.test(m.text))!;
    expect(broadcast.replyBroadcast).toBe(true);
  });

  it('View is a link to the signed incident page; the click is answered silently', async () => {
    stack = await startStack();
    const { msg } = await incidentMessage(stack, { title: 'Disk <full> & slow' });
    const click = await msg.button('View in OpsKnight').click({ as: 'jane' });
    expect(click.status).toBe(200);
    expect(click.body).toBe('');
    const view = JSON.stringify(msg.message.attachments).match(/"url":"([^"]+)"/)![1]!;
    const page = await fetch(view);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Disk &lt;full&gt; &amp; slow');
    expect(html).toMatch(/Timeline[\s\S]*🚨 Triggered/);
    expect((await fetch(view.replace(/t=[^&]+/, 't=forged'))).status).toBe(404);
  });

  it('refuses forged, stale or unsigned requests with a bare 401, and fails closed without a secret', async () => {
    stack = await startStack();
    const { id } = await incidentMessage(stack);
    const payload = JSON.stringify({ type: 'block_actions', team: { id: 'T0SANDBOX01' }, user: { id: 'U0JANE00001' }, trigger_id: '1.2.abc', actions: [{ action_id: 'opsknight_acknowledge', type: 'button', value: String(id) }] });
    const body = `payload=${encodeURIComponent(payload)}`;
    const post = (headers: Record<string, string>) =>
      fetch(`${stack.daemon.url}/api/slack/actions`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
    expect((await post({})).status).toBe(401);
    expect((await post(signRequest('not-the-secret', body))).status).toBe(401);
    const stale = await post(signRequest(stack.sandbox.credentials.signingSecret, body, Math.floor(Date.now() / 1000) - 301));
    expect(stale.status).toBe(401);
    expect(await stale.text()).toBe('');
    expect((await stack.api('GET', `/api/incidents/${id}`)).body.status).toBe('OPEN');
    const good = await post(signRequest(stack.sandbox.credentials.signingSecret, body));
    expect(good.status).toBe(200);
    await stack.close();

    stack = await startStack({ env: { SLACK_SIGNING_SECRET: '' } });
    const unsigned = await fetch(`${stack.daemon.url}/api/slack/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signRequest('', 'text=help') },
      body: 'text=help',
    });
    expect(unsigned.status).toBe(401);
    const metrics = await (await fetch(`${stack.daemon.url}/metrics`)).text();
    expect(metrics).toMatch(/opsknight_slack_requests_rejected_total\{reason="no_secret_configured"\} 1/);
  });

  it('the endpoints: 413 over 1 MiB, a bare 200 for ssl_check, 404 for other methods, and HTTP metrics', async () => {
    stack = await startStack();
    const secret = stack.sandbox.credentials.signingSecret;
    const url = `${stack.daemon.url}/api/slack/actions`;
    const huge = `payload=${'x'.repeat(1024 * 1024 + 1)}`;
    const tooBig = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...signRequest(secret, huge) }, body: huge });
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { error: string }).error).toBe('payload_too_large');

    const check = await fetch(`${url}?x=1`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'ssl_check=1&token=abc' });
    expect(check.status).toBe(200);
    expect(await check.text()).toBe('');

    const get = await fetch(url);
    expect(get.status).toBe(404);
    expect(((await get.json()) as { error: string }).error).toBe('not_found');

    const body = 'command=%2Fopsknight&text=help&team_id=T0SANDBOX01&user_id=U0JANE00001&channel_id=C0INCIDENTS&trigger_id=1.2.3';
    const help = await fetch(`${stack.daemon.url}/api/integrations/slack/commands/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...signRequest(secret, body) }, body });
    expect(help.status).toBe(200);
    expect(((await help.json()) as { text: string }).text).toMatch(/incidents/);

    const metrics = await (await fetch(`${stack.daemon.url}/metrics`)).text();
    expect(metrics).toMatch(/http_requests_total\{method="POST",route="\/api\/slack\/actions",status="413"\} 1/);
    expect(metrics).toMatch(/http_requests_total\{method="POST",route="\/api\/integrations\/slack\/commands",status="200"\} 1/);
  });

  it('answers malformed payloads with 400 or a clear ephemeral reply, never a 500', async () => {
    stack = await startStack();
    const secret = stack.sandbox.credentials.signingSecret;
    const send = (path: string, body: string) =>
      fetch(`${stack.daemon.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...signRequest(secret, body) }, body });
    expect((await send('/api/slack/actions', 'payload=%7Bnot-json')).status).toBe(400);
    expect((await send('/api/slack/actions', 'nothing=here')).status).toBe(400);
    expect((await send('/api/slack/actions', `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions' }))}`)).status).toBe(400);
    expect((await send('/api/slack/actions', `payload=${encodeURIComponent(JSON.stringify({ type: 'carrier_pigeon' }))}`)).status).toBe(400);
    const unknownView = await send('/api/slack/actions', `payload=${encodeURIComponent(JSON.stringify({ type: 'view_submission', team: { id: 'T0SANDBOX01' }, user: { id: 'U0JANE00001' }, view: { id: 'V1', callback_id: 'who_knows' } }))}`);
    expect(unknownView.status).toBe(400);
    const otherTeam = await send('/api/slack/commands', new URLSearchParams({ team_id: 'T0ELSEWHERE', channel_id: 'C1', user_id: 'U1', command: '/opsknight', text: 'status', trigger_id: '1.2.3' }).toString());
    expect(otherTeam.status).toBe(200);
    expect(((await otherTeam.json()) as { text: string }).text).toMatch(/not connected to OpsKnight/);

    // An unknown action id, and an incident that does not exist, get a private reply.
    const { msg } = await incidentMessage(stack);
    const ghost = { ...msg.message, attachments: [{ blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'opsknight_acknowledge', text: { type: 'plain_text', text: 'Ack 999' }, value: '999' }, { type: 'button', action_id: 'mystery', text: { type: 'plain_text', text: 'Mystery' } }] }] }] };
    await stack.sandbox.driver.act({ message: ghost, userId: 'U0JANE00001', actionId: 'opsknight_acknowledge' });
    await stack.slack.expectEphemeral('jane', /Incident #999 does not exist/);
    await stack.sandbox.driver.act({ message: ghost, userId: 'U0JANE00001', actionId: 'mystery' });
    await stack.slack.expectEphemeral('jane', /not one OpsKnight knows/);
  });
});
