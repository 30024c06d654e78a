// The card's "⋯" menu, as responders use it: reassign, add responders, escalate now, unacknowledge,
// reopen, change urgency, add note. Stories against the sandbox, including two people at once.
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack, type StackOptions } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

const JANE = 'U0JANE00001';
const BOB = 'U0BOB000001';
const ALICE = 'U0ALICE0001';

async function withCard(options: StackOptions = {}) {
  stack = await startStack(options);
  const { directory } = stack.daemon.core;
  directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
  directory.addUser({ name: 'Bob Smith', email: 'bob@example.com' });
  const { id } = await stack.trigger();
  const card = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
  return { s: stack, id, card };
}

const timeline = async (s: Stack, id: number) => (await s.api('GET', `/api/incidents/${id}`)).body.events as { type: string; actor: string; details: Record<string, unknown> }[];

describe('the card’s ⋯ menu', () => {
  it('offers five actions by state: open, acknowledged, resolved', async () => {
    const { s, card } = await withCard();
    expect(card.overflow().options()).toEqual(['💬 Start incident channel', '👤 Reassign…', '🙋 Add responders…', '📣 Escalate now', '🚦 Change urgency…']);
    await card.button('Acknowledge').click({ as: 'jane' });
    await card.expectText(/Acknowledged by/);
    expect(card.overflow().options()).toEqual(['💬 Start incident channel', '👤 Reassign…', '🙋 Add responders…', '↩️ Unacknowledge', '🚦 Change urgency…']);
    await s.api('POST', '/api/incidents/1/resolve', {});
    await card.expectText(/Resolved by/);
    expect(card.overflow().options()).toEqual(['🔁 Reopen', '📝 Add note…']);
  });

  it('Reassign: a people picker; the card names the assignee and the thread says who did it', async () => {
    const { s, id, card } = await withCard();
    await card.overflow().choose('👤 Reassign…', { as: 'jane' });
    const modal = await s.slack.expectModal('jane', /Reassign #1/);
    await modal.submit({ assignee: BOB });
    await card.expectText(new RegExp(`\\*Assignee\\*\\n<@${BOB}>`));
    const reply = await card.expectThreadReply(/reassigned/);
    expect(reply.text).toBe(`👤 <@${JANE}> reassigned incident #1 to <@${BOB}>`);
    const e = (await timeline(s, id)).find((x) => x.type === 'reassigned')!;
    expect(e).toMatchObject({ actor: 'Jane Doe', details: { to: { name: 'Bob Smith', ref: `slack:${s.teamId}:${BOB}` } } });
    expect((await s.api('GET', `/api/incidents/${id}`)).body.assignee).toBe('Bob Smith');
    // Bob hears of it directly, with the card and its buttons, even with the channel muted.
    const dm = await s.slack.expectDirectMessage('bob', /assigned you/);
    expect(dm).toMatch(new RegExp(`^👤 <@${JANE}> assigned you \\*#1 Database Connection Timeout\\*`));
    expect(dm).toMatch(/HIGH URGENCY[\s\S]*Acknowledge[\s\S]*Resolve/);
    // Assigning yourself needs no message to yourself.
    await card.overflow().choose('👤 Reassign…', { as: 'jane' });
    await (await s.slack.expectModal('jane', /Reassign #1/)).submit({ assignee: JANE });
    await card.expectThreadReply(new RegExp(`reassigned incident #1 to <@${JANE}>`));
    await s.settle();
    expect(s.slack.directMessagesTo('jane')).toEqual([]);
  });

  it('Add responders: each is mentioned in the thread; two people adding the same person at once add them once', async () => {
    const { s, card } = await withCard();
    await card.overflow().choose('🙋 Add responders…', { as: 'jane' });
    await card.overflow().choose('🙋 Add responders…', { as: 'bob' });
    const [janes, bobs] = [await s.slack.expectModal('jane', /Add responders/), await s.slack.expectModal('bob', /Add responders/)];
    await Promise.all([janes.submit({ responders: [ALICE, BOB] }), bobs.submit({ responders: [ALICE, BOB] })]);
    await card.expectThreadReply(/asked/);
    await s.settle();
    const asked = card.replies().filter((r) => /asked/.test(r));
    expect(asked).toHaveLength(1);
    const raw = s.sandbox.world.replies(card.message.channel, card.ts).find((m) => /asked/.test(m.text))!;
    expect(raw.text).toMatch(new RegExp(`asked <@${ALICE}>, <@${BOB}> to help with incident #1$`));
    await card.expectText(new RegExp(`\\*Responders\\*\\n<@${ALICE}>, <@${BOB}>`));
    const loser = /asked <@U0JANE/.test(raw.text) ? 'bob' : 'jane';
    await s.slack.expectEphemeral(loser, /Alice Chen, Bob Smith are already responding to incident #1/);
    // Each new responder gets one direct message with the card (not one per click).
    await s.slack.expectDirectMessage('alice', /asked you to help with \*#1 Database Connection Timeout\*/);
    await s.settle();
    expect(s.slack.directMessagesTo('alice')).toHaveLength(1);
    // Bob is told unless he added himself.
    expect(s.slack.directMessagesTo('bob')).toHaveLength(loser === 'bob' ? 1 : 0);
  });

  it('Escalate now: the next step pages at once in the thread; two people at once page once', async () => {
    const { s, card } = await withCard();
    s.daemon.core.oncall.addPolicy('default', [{ delayMinutes: 30, targets: ['jane@example.com'] }, { delayMinutes: 30, targets: ['bob@example.com'] }], 0);
    s.daemon.core.oncall.setServicePolicy('payment-api', 'default');
    const again = await s.trigger({ title: 'Checkout latency', dedup_key: 'latency' });
    const card2 = await s.slack.channel('#incidents').expectMessage(/Checkout latency/);
    await Promise.all([card2.overflow().choose('📣 Escalate now', { as: 'jane' }), card2.overflow().choose('📣 Escalate now', { as: 'bob' })]);
    const reply = await card2.expectThreadReply(/escalated now/);
    expect(reply.text).toMatch(new RegExp(`^📣 <@(${JANE}|${BOB})> escalated now to <@${JANE}> \\(step 1\\): incident #${again.id} needs attention$`));
    expect(reply.replyBroadcast).toBe(true);
    await s.settle();
    expect(card2.replies().filter((r) => /escalated now/.test(r))).toHaveLength(1);
    const loser = reply.text.startsWith(`📣 <@${JANE}>`) ? 'bob' : 'jane';
    await s.slack.expectEphemeral(loser, new RegExp(`Incident #${again.id} was escalated by (Jane Doe|Bob Smith) \\d+s ago \\(step 1\\)`));
    // The target hears of it directly, card included, unless she pressed it herself.
    if (loser === 'jane') {
      const dm = await s.slack.expectDirectMessage('jane', /escalated/);
      expect(dm).toMatch(new RegExp(`^📣 <@${BOB}> escalated \\*#${again.id} Checkout latency\\* to you \\(step 1\\): it needs attention`));
      expect(dm).toMatch(/Acknowledge/);
    } else expect(s.slack.directMessagesTo('jane').filter((t) => /escalated/.test(t))).toEqual([]);
    // Without a policy there is nobody to page: said privately, nothing posted.
    s.daemon.core.oncall.setServicePolicy('payment-api', null);
    await card.overflow().choose('📣 Escalate now', { as: 'jane' });
    await s.slack.expectEphemeral('jane', /has no escalation policy/);
  });

  it('Unacknowledge: back to Open, the thread says escalation starts over; two at once change it once', async () => {
    const { s, id, card } = await withCard();
    await card.button('Acknowledge').click({ as: 'jane' });
    await card.expectText(/Acknowledged by/);
    const snapshot = card.snapshot();
    await Promise.all([card.overflow().choose('↩️ Unacknowledge', { as: 'jane' }), snapshot.overflow().choose('↩️ Unacknowledge', { as: 'bob' })]);
    await card.expectText(/\*Status\*\n🔴 Open/);
    await card.expectThreadReply(/unacknowledged incident #1: it is open again/);
    await s.settle();
    expect((await timeline(s, id)).filter((e) => e.type === 'unacknowledged')).toHaveLength(1);
    expect(card.buttons()).toContain('Acknowledge');
  });

  it('Reopen: a resolved incident opens again within the window; past it, the person is told why not', async () => {
    const { s, id, card } = await withCard({ env: { OPSKNIGHT_REOPEN_WINDOW: '1h' } });
    await s.api('POST', `/api/incidents/${id}/resolve`, { note: 'restarted' });
    await card.expectText(/Resolved by/);
    await card.overflow().choose('🔁 Reopen', { as: 'bob' });
    await card.expectText(/\*Status\*\n🔴 Open/);
    await card.expectThreadReply(new RegExp(`<@${BOB}> reopened incident #1`));
    expect((await s.api('GET', `/api/incidents/${id}`)).body).toMatchObject({ status: 'OPEN', resolved_at: null, resolution_note: null });

    await s.api('POST', `/api/incidents/${id}/resolve`, {});
    await card.expectText(/Resolved by/);
    s.daemon.core.db.prepare('UPDATE incidents SET resolved_at = ? WHERE id = ?').run(Date.now() - 2 * 3_600_000, id);
    await card.overflow().choose('🔁 Reopen', { as: 'bob' });
    await s.slack.expectEphemeral('bob', /was resolved 2h ago; it can be reopened only within 1h of its resolution\. Trigger a new incident instead\./);
    expect((await s.api('GET', `/api/incidents/${id}`)).body.status).toBe('RESOLVED');
  });

  it('Change urgency: the colour follows; an incident raised past a workspace’s urgency filter is posted there', async () => {
    const { s, card } = await withCard();
    expect(card.colour).toBe('#E01E5A');
    await card.overflow().choose('🚦 Change urgency…', { as: 'jane' });
    await (await s.slack.expectModal('jane', /Urgency #1/)).submit({ urgency: 'LOW' });
    await card.expectThreadReply(new RegExp(`<@${JANE}> changed the urgency from HIGH to LOW`));
    await s.settle();
    expect(card.colour).toBe('#1264A3');
    expect(card.text).toMatch(/LOW URGENCY/);

    s.daemon.core.workspaces.updateSettings(s.teamId, { urgencyFilter: 'high' });
    const { id } = await s.trigger({ title: 'Slow reports', urgency: 'LOW' });
    await s.slack.channel('#incidents').expectNoMessage(/Slow reports/);
    s.daemon.core.incidents.changeUrgency(id, { name: 'ops' }, 'cli', 'HIGH');
    const posted = await s.slack.channel('#incidents').expectMessage(/Slow reports/);
    expect(posted.colour).toBe('#E01E5A');
  });

  it('Add note (on a resolved card; open cards give the place to Start incident channel): a form; the note is on the timeline and in the thread, unless the note toggle is off', async () => {
    const { s, id, card } = await withCard();
    await s.api('POST', `/api/incidents/${id}/resolve`, {});
    await card.expectText(/Resolved by/);
    await card.overflow().choose('📝 Add note…', { as: 'jane' });
    await (await s.slack.expectModal('jane', /Note on #1/)).submit({ note: 'Failover to the replica started' });
    await card.expectThreadReply(new RegExp(`📝 Note from <@${JANE}> \\(<!date[^)]*\\): Failover to the replica started`));
    s.daemon.core.workspaces.updateSettings(s.teamId, { events: { note_added: false } as never });
    await card.overflow().choose('📝 Add note…', { as: 'bob' });
    await (await s.slack.expectModal('bob', /Note on #1/)).submit({ note: 'Replica is healthy' });
    await s.settle();
    expect(card.replies().filter((r) => /Replica is healthy/.test(r))).toHaveLength(0);
    expect((await timeline(s, id)).filter((e) => e.type === 'note_added').map((e) => e.details.text)).toEqual(['Failover to the replica started', 'Replica is healthy']);
  });

  it('is refused, with the reason, for a Slack user who is not an OpsKnight user where the workspace requires one', async () => {
    const { s, id, card } = await withCard();
    s.daemon.core.workspaces.updateSettings(s.teamId, { requireMappedUser: true });
    await card.overflow().choose('📣 Escalate now', { as: 'ghost' });
    await s.slack.expectEphemeral('ghost', /Only OpsKnight users can act on incidents/);
    await s.api('POST', `/api/incidents/${id}/resolve`, {});
    await card.expectText(/Resolved by/);
    await card.overflow().choose('📝 Add note…', { as: 'ghost' });
    await (await s.slack.expectModal('ghost', /Note on #1/)).submit({ note: 'sneaky' });
    await s.settle();
    expect((await timeline(s, id)).filter((e) => e.type === 'note_added')).toHaveLength(0);
  });

  it('a direct message Slack refuses (a deactivated account) is parked with the reason; the thread still says it', async () => {
    const { s, card } = await withCard();
    s.sandbox.world.users.get(ALICE)!.deleted = true;
    await card.overflow().choose('🙋 Add responders…', { as: 'jane' });
    await (await s.slack.expectModal('jane', /Add responders/)).submit({ responders: [ALICE] });
    await card.expectThreadReply(new RegExp(`asked <@${ALICE}> to help`));
    await s.settle();
    const row = s.daemon.core.db.prepare("SELECT status, last_error FROM outbox WHERE kind = 'dm'").get() as { status: string; last_error: string };
    expect(row.status).toBe('failed');
    expect(row.last_error).toMatch(/user_disabled/);
  });
});
