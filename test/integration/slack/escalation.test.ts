// Escalations and SLA breaches in Slack, and /opsknight oncall from schedules and policies.
// Time moves on the daemon's injected clock (stack.advance), never by waiting or editing due times.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RESOLVE_SLA_MINUTES as RESOLVE_SLA_MINUTES } from '../../../src/domain/directory.js';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

async function withOnCall() {
  stack = await startStack();
  const { directory, oncall } = stack.daemon.core;
  directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
  directory.addUser({ name: 'Nora Nobody', email: 'nora@example.com' });
  oncall.addSchedule({ name: 'primary', timeZone: 'UTC', userEmails: ['jane@example.com'], start: '2026-01-01', handoff: '09:00', length: { kind: 'weekly' } });
  oncall.addPolicy('default', [{ delayMinutes: 0, targets: ['schedule:primary', 'nora@example.com'] }], 0);
  oncall.setServicePolicy('payment-api', 'default');
  return stack;
}

describe('escalation and SLA in Slack', () => {
  it('posts the escalation in the thread, broadcast, mentioning the target’s Slack user or naming them', async () => {
    const s = await withOnCall();
    await s.trigger();
    const msg = await s.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    const reply = await msg.expectThreadReply(/📣 Escalated to/);
    expect(reply.text).toBe('📣 Escalated to <@U0JANE00001> (on call for primary), Nora Nobody (no Slack user here has nora@example.com: not messaged) (step 1): incident #1 is still unacknowledged');
    expect(reply.replyBroadcast).toBe(true);
  });

  it('pages the target by direct message too, card and buttons included, so a muted channel does not hide it', async () => {
    const s = await withOnCall();
    await s.trigger();
    const msg = await s.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    await msg.expectThreadReply(/📣 Escalated to/);
    const dm = await s.slack.expectDirectMessage('jane', /paged/);
    expect(dm).toMatch(/^📣 You are paged for \*#1 Database Connection Timeout\* \(step 1, on call for primary\): it is still unacknowledged/);
    expect(dm).toMatch(/HIGH URGENCY[\s\S]*Acknowledge[\s\S]*Resolve/);
    // Nora has no Slack account: the thread said so; her direct message is recorded as undeliverable, with the reason.
    await s.settle();
    const rows = s.daemon.core.db.prepare("SELECT channel_id, status, last_error FROM outbox WHERE kind = 'dm' ORDER BY id").all() as { channel_id: string; status: string; last_error: string | null }[];
    expect(rows.map((r) => [r.channel_id, r.status])).toEqual([['email:jane@example.com', 'done'], ['email:nora@example.com', 'failed']]);
    expect(rows[1]!.last_error).toMatch(/no Slack user in this workspace has the e-mail nora@example.com/);
    // The page is one message per step, not one per sweep.
    s.daemon.scheduler.sweep();
    await s.settle();
    expect(s.slack.directMessagesTo('jane').filter((t) => /paged/.test(t))).toHaveLength(1);
  });

  it('acknowledging from Slack stops the escalation', async () => {
    const s = await withOnCall();
    s.daemon.core.oncall.addPolicy('slow', [{ delayMinutes: 0, targets: ['jane@example.com'] }, { delayMinutes: 1, targets: ['nora@example.com'] }], 0);
    s.daemon.core.oncall.setServicePolicy('payment-api', 'slow');
    const { id } = await s.trigger();
    const msg = await s.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    await msg.expectThreadReply(/Escalated to <@U0JANE00001>/);
    await msg.button('Acknowledge').click({ as: 'jane' });
    await msg.expectThreadReply(/Acknowledged/);
    // Step 2 (Nora, after 1 minute) falls due: nobody is paged any more.
    s.advance(2 * 60_000);
    s.daemon.scheduler.sweep();
    await s.settle();
    expect(msg.replies().filter((r) => /Escalated/.test(r))).toHaveLength(1);
    const events = (await s.api('GET', `/api/incidents/${id}`)).body.events.map((e: { type: string }) => e.type);
    expect(events.filter((t: string) => t === 'escalated')).toHaveLength(1);
  });

  it('posts an SLA breach once, and not when the event is switched off', async () => {
    const s = await withOnCall();
    s.daemon.core.oncall.setServicePolicy('payment-api', null);
    const { id } = await s.trigger();
    const msg = await s.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    // 15 minutes unacknowledged (the default ack SLA); a second sweep records nothing more.
    s.advance(16 * 60_000);
    s.daemon.scheduler.sweep();
    s.daemon.scheduler.sweep();
    await msg.expectThreadReply(/⏱️ SLA breached: not acknowledged within 15 minutes/);
    await s.settle();
    expect(msg.replies().filter((r) => /SLA breached/.test(r))).toHaveLength(1);

    s.daemon.core.workspaces.updateSettings(s.teamId, { events: { sla_breached: false } as never });
    // Past the resolve SLA too, with sla_breached switched off: recorded, not posted.
    s.advance(RESOLVE_SLA_MINUTES * 60_000);
    s.daemon.scheduler.sweep();
    await s.settle();
    expect(msg.replies().filter((r) => /SLA breached/.test(r))).toHaveLength(1);
    const events = (await s.api('GET', `/api/incidents/${id}`)).body.events.filter((e: { type: string }) => e.type === 'sla_breached');
    expect(events.map((e: { details: { kind: string } }) => e.details.kind)).toEqual(['ack', 'resolve']);
  });

  it('/opsknight oncall and the escalation follow the schedule’s handoff as time moves on', async () => {
    const s = await withOnCall();
    const { directory, oncall } = s.daemon.core;
    directory.addUser({ name: 'Bob Builder', email: 'bob@example.com' });
    // Daily handoffs at 09:00 UTC between Jane and Bob: whoever is on call now hands off within a day.
    const start = new Date(s.clock.ms() - 3 * 24 * 60 * 60_000).toISOString().slice(0, 10);
    oncall.addSchedule({ name: 'daily', timeZone: 'UTC', userEmails: ['jane@example.com', 'bob@example.com'], start, handoff: '09:00', length: { kind: 'daily' } });
    oncall.addPolicy('by-day', [{ delayMinutes: 0, targets: ['schedule:daily'] }], 0);
    oncall.setServicePolicy('payment-api', 'by-day');
    const onCallNow = async () => ((await s.slack.slashCommand('/opsknight oncall')).json as { text: string }).text;
    const first = /\*daily\*: (\w+ \w+) until/.exec(await onCallNow())![1]!;

    s.advance(24 * 60 * 60_000);
    const second = /\*daily\*: (\w+ \w+) until/.exec(await onCallNow())![1]!;
    expect([first, second].sort()).toEqual(['Bob Builder', 'Jane Doe']);

    // A new incident pages whoever is on call by the daemon's clock.
    await s.trigger();
    const msg = await s.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    const reply = await msg.expectThreadReply(/📣 Escalated to/);
    expect(reply.text).toMatch(second === 'Jane Doe' ? /Escalated to <@U0JANE00001> \(on call for daily\)/ : /Escalated to <@U0BOB000001> \(on call for daily\)/);
  });

  it('/opsknight oncall answers from schedules and policies', async () => {
    const s = await withOnCall();
    const r = await s.slack.slashCommand('/opsknight oncall');
    const text = (r.json as { text: string }).text;
    expect(text).toMatch(/\*primary\*: Jane Doe until <!date\^\d+\^/);
    expect(text).toMatch(/Policy \*default\* \(payment-api\): pages Jane Doe \(on call for primary\), Nora Nobody first/);
  });
});
