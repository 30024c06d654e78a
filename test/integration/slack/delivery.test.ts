// Slack being down, slow, strict or rate limiting delays notifications; it never drops them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDaemon } from '../../../src/daemon/lifecycle.js';
import { createLogger } from '../../../src/observability/logger.js';
import { SlackStory } from '../../helpers/slack-story.js';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

const calls = (s: Stack, method: string) => s.sandbox.world.calls.filter((c) => c.method === method);

describe('delivery', () => {
  it('waits out a 429 for its Retry-After and then delivers', async () => {
    stack = await startStack();
    stack.sandbox.addFault({ method: 'chat.postMessage', kind: 'rate_limited', retryAfter: 1, calls: 1 });
    const started = Date.now();
    await stack.trigger();
    await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(calls(stack, 'chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    const metrics = await (await fetch(`${stack.daemon.url}/metrics`)).text();
    expect(metrics).toMatch(/opsknight_slack_rate_limited_total 1/);
    expect(metrics).toMatch(/opsknight_slack_deliveries_total\{kind="post",method="chat.postMessage"\} 1/);
    expect(metrics).toMatch(/opsknight_slack_delivery_failures_total\{method="chat.postMessage",error="ratelimited"\} 1/);
    expect(metrics).toMatch(/opsknight_slack_event_to_delivery_seconds_count\{kind="post"\} 1/);
    expect(metrics).toMatch(/opsknight_slack_outbox_depth/);
  });

  it('retries 5xx and timeouts with backoff, and a reply never goes before its parent', async () => {
    stack = await startStack();
    stack.sandbox.addFault({ method: 'chat.postMessage', kind: 'server_error', status: 503, calls: 2 });
    const { id } = await stack.trigger();
    await stack.api('POST', `/api/incidents/${id}/acknowledge`);
    const msg = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    const reply = await msg.expectThreadReply(/Acknowledged/);
    expect(reply.threadTs).toBe(msg.ts);
    expect(Number(reply.ts)).toBeGreaterThan(Number(msg.ts));
    expect(calls(stack, 'chat.postMessage').map((c) => c.status).slice(0, 2)).toEqual([503, 503]);
  });

  it('falls back to the default channel when a routed channel is gone or archived', async () => {
    stack = await startStack({ services: ['payment-api', 'search'] });
    stack.daemon.core.workspaces.setRoute(stack.teamId, { serviceSlug: 'payment-api', urgency: null, channelId: 'C0DELETED99' });
    stack.daemon.core.workspaces.setRoute(stack.teamId, { serviceSlug: 'search', urgency: null, channelId: 'C0OLDALERTS' });
    await stack.trigger({ title: 'routed to a deleted channel' });
    await stack.trigger({ title: 'routed to an archived channel', service: 'search' });
    await stack.slack.channel('#incidents').expectMessage(/routed to a deleted channel/);
    await stack.slack.channel('#incidents').expectMessage(/routed to an archived channel/);
  });

  it('gives up on a private channel the bot is not in, saying to /invite it', async () => {
    stack = await startStack();
    stack.daemon.core.workspaces.setRoute(stack.teamId, { serviceSlug: 'payment-api', urgency: null, channelId: 'G0SECRET001' });
    await stack.trigger();
    await stack.settle();
    const failures = stack.daemon.core.outbox.recentFailures(5);
    expect(failures[0]!.error).toMatch(/not_in_channel.*\/invite/);
    expect(stack.slack.channel('#incidents').messages()).toHaveLength(0);
  });

  it('a revoked token marks the workspace as needing attention; its messages wait and go once it is fixed', async () => {
    stack = await startStack();
    stack.sandbox.world.tokens.get(stack.sandbox.credentials.botToken)!.revoked = true;
    await stack.trigger();
    // What an admin sees: the workspace flagged (poll, generous deadline: the worker runs on real time).
    await vi.waitFor(() => expect(stack.daemon.core.workspaces.get(stack.teamId)!.status).toBe('needs_attention'), { timeout: 15_000, interval: 25 });
    const ws = stack.daemon.core.workspaces.get(stack.teamId)!;
    expect(ws.status).toBe('needs_attention');
    expect(ws.statusReason).toMatch(/token_revoked/);
    const health = (await (await fetch(`${stack.daemon.url}/healthz`)).json()) as { slack: unknown };
    expect(health.slack).toMatchObject({ status: 'needs attention', outbox: { pending: 1 } });
    // Re-installing gives a new token; the waiting message goes out.
    const fresh = stack.sandbox.world.addToken({ token: 'xoxb-999-999-fresh', teamId: stack.teamId, kind: 'bot', scopes: stack.daemon.core.workspaces.get(stack.teamId)!.scopes, revoked: false });
    stack.daemon.core.workspaces.upsert({ teamId: stack.teamId, teamName: ws.teamName, botToken: fresh.token, scopes: ws.scopes });
    stack.daemon.delivery.wake();
    await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
  });

  it('coalesces pending updates of one message into a single chat.update with the latest state', async () => {
    stack = await startStack();
    const { id } = await stack.trigger();
    const msg = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    await stack.settle();
    await stack.daemon.delivery.stop();
    await stack.api('POST', `/api/incidents/${id}/acknowledge`);
    await stack.api('POST', `/api/incidents/${id}/notes`, { text: 'one' });
    await stack.api('POST', `/api/incidents/${id}/notes`, { text: 'two' });
    await stack.api('POST', `/api/incidents/${id}/resolve`, {});
    stack.daemon.delivery.start();
    await stack.settle();
    expect(calls(stack, 'chat.update')).toHaveLength(1);
    expect(msg.text).toMatch(/Resolved/);
    expect(msg.replies()).toHaveLength(4);
  });

  it('folds an alert storm into a digest, edited in place, whose incidents can still be acted on', async () => {
    stack = await startStack();
    stack.daemon.core.workspaces.updateSettings(stack.teamId, { digestThreshold: 5 });
    await stack.daemon.delivery.stop();
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push((await stack.trigger({ title: `storm ${i}` })).id);
    stack.daemon.delivery.start();
    await stack.settle();
    const channel = stack.slack.channel('#incidents');
    expect(channel.messages()).toHaveLength(1);
    const digest = channel.messages()[0]!;
    expect(digest.text).toMatch(/Alert storm:\* 12 incidents/);
    await stack.api('POST', `/api/incidents/${ids[3]}/acknowledge`);
    await digest.expectText(/#4>.*storm 3.*_acknowledged_/);
    await digest.expectThreadReply(/#4: ✅ Acknowledged by API/);
  });

  it('a stored row that is not a valid message is parked with the reason, and the channel moves on', async () => {
    stack = await startStack();
    await stack.daemon.delivery.stop();
    // A reply row without its text (as an older or hand-edited database might hold) ahead of a real incident.
    stack.daemon.core.db
      .prepare("INSERT INTO outbox (team_id, channel_id, kind, incident_id, payload, next_attempt_at, created_at) VALUES (?, 'C0INCIDENTS', 'reply', 999, '{}', 0, 0)")
      .run(stack.teamId);
    await stack.trigger({ title: 'after the bad row' });
    stack.daemon.delivery.start();
    await stack.slack.channel('#incidents').expectMessage(/after the bad row/);
    await stack.settle();
    const [failure] = stack.daemon.core.outbox.recentFailures(5);
    expect(failure).toMatchObject({ kind: 'reply' });
    expect(failure!.error).toMatch(/invalid outbox row \(reply\).*text/);
  });

  it('after a crash, pending rows are delivered on the next start', async () => {
    stack = await startStack();
    await stack.daemon.delivery.stop();
    await stack.trigger({ title: 'before the crash' });
    expect(stack.daemon.core.outbox.counts().pending).toBe(1);
    // The process dies without delivering; a new daemon opens the same database.
    await stack.daemon.stop();
    const restarted = await startDaemon({ port: 0 }, stack.env, { logger: createLogger('silent') });
    stack.daemon = restarted;
    await new SlackStory(stack.sandbox).channel('#incidents').expectMessage(/before the crash/);
    expect(calls(stack, 'chat.postMessage')).toHaveLength(1);
  });
});
