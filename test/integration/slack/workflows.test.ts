// Workflow rules against the sandbox: a major-incident channel (created, named, invited, pinned,
// linked, kept in step, archived N hours after resolution), stakeholder DMs and a user-group
// mention, a status-channel summary, Workflow Builder webhook variables, and missing scopes refused.
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkflowAction } from '../../../src/domain/workflows.js';
import type { Urgency } from '../../../src/domain/model.js';
import { archiveIncidentChannelsTask } from '../../../src/slack/workflows/archive-sweep.js';
import { OPSKNIGHT_BOT_SCOPES } from '../../../src/sandbox/seed.js';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

function addRule(action: WorkflowAction, when: { service?: string; urgency?: Urgency } = {}, webhookUrl?: string) {
  return stack.daemon.core.workflows.add(
    { workspace: stack.teamId, serviceSlug: when.service ?? null, urgency: when.urgency ?? null, action, webhookUrl },
    new Date(),
  );
}

const world = () => stack.sandbox.world;
const channelNamed = (name: string) => [...world().channels.values()].find((c) => c.name === name);

describe('major-incident channel', () => {
  it('opens a channel for a HIGH incident: unique name, on-call invited, card pinned and linked, kept in step, archived N hours after resolution', async () => {
    stack = await startStack();
    const core = stack.daemon.core;
    core.directory.addUser({ name: 'Bob Smith', email: 'bob@example.com' });
    core.oncall.addPolicy('primary', [{ delayMinutes: 5, targets: ['bob@example.com'] }], 0);
    core.oncall.setServicePolicy('payment-api', 'primary');
    addRule({ type: 'incident_channel', archiveAfterHours: 24, private: false }, { urgency: 'HIGH' });
    // Someone already has a channel by that name: ours takes the next one.
    world().addChannel({ id: 'C0TAKEN0001', teamId: stack.teamId, name: 'inc-1-database-connection-timeout', isPrivate: false, isArchived: false });

    const { id } = await stack.trigger();
    await stack.trigger({ title: 'Disk almost full', urgency: 'LOW' });
    await stack.settle();

    const ch = channelNamed('inc-1-database-connection-timeout-2');
    expect(ch, 'the incident channel').toBeDefined();
    expect([...ch!.members]).toEqual(expect.arrayContaining(['U0OPSKNIGHT', 'U0BOB000001']));
    const card = stack.slack.channel(ch!.id).messages()[0]!;
    expect(card.text).toMatch(/Database Connection Timeout/);
    expect(ch!.pins?.has(card.message.ts)).toBe(true);
    // The original card's thread points to it; a LOW incident opens no channel.
    const original = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    await original.expectThreadReply(new RegExp(`Incident channel: <#${ch!.id}>`));
    expect([...world().channels.values()].filter((c) => c.name.startsWith('inc-2'))).toEqual([]);

    // The pinned card follows the incident like every card.
    await stack.api('POST', `/api/incidents/${id}/acknowledge`);
    await stack.settle();
    await stack.slack.channel(ch!.id).messages()[0]!.expectText(/Acknowledged/);
    expect(stack.slack.channel(ch!.id).messages()).toHaveLength(1);

    await stack.api('POST', `/api/incidents/${id}/resolve`, { note: 'pool size raised' });
    await stack.settle();
    const archive = (hoursLater: number) =>
      archiveIncidentChannelsTask({ db: core.db, workflows: core.workflows, outbox: core.outbox, clock: { now: () => new Date(Date.now() + hoursLater * 3_600_000) }, wake: () => stack.daemon.delivery.wake() }).run();
    expect(archive(23)).toBe(0);
    expect(ch!.isArchived).toBe(false);
    expect(archive(25)).toBe(1);
    await stack.settle();
    expect(ch!.isArchived).toBe(true);
    expect(archive(26)).toBe(0);
  });
});

describe('incident channel on demand', () => {
  it('"Start incident channel" on the card opens one channel with whoever clicked; a second click points to it', async () => {
    stack = await startStack();
    const { id } = await stack.trigger();
    const card = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    // "Start incident channel" is an item of the card's one ⋯ menu (Slack: an overflow menu beside Snooze).
    const elements = (card.message.attachments![0] as { blocks: { elements?: { type: string }[] }[] }).blocks.flatMap((b) => b.elements ?? []);
    expect(elements.filter((e) => e.type === 'overflow')).toHaveLength(1);
    expect(card.overflow().options()).toContain('💬 Start incident channel');
    const choose = (as: string) => card.overflow().choose('💬 Start incident channel', { as });
    await choose('alice');
    await stack.settle();
    const ch = channelNamed(`inc-${id}-database-connection-timeout`)!;
    expect(ch).toBeDefined();
    expect(ch.members.has('U0ALICE0001')).toBe(true);
    expect(ch.pins?.size).toBe(1);
    expect(stack.slack.ephemeralsFor('alice').join('\n')).toMatch(/Opening a channel for incident #1/);
    await choose('bob');
    await stack.slack.expectEphemeral('bob', new RegExp(`already has a channel: <#${ch.id}>`));
    expect([...world().channels.values()].filter((c) => c.name.startsWith(`inc-${id}`))).toHaveLength(1);
  });

  it('/opsknight channel <id> opens it too, and says what to do when the scopes are missing', async () => {
    stack = await startStack();
    const { id } = await stack.trigger();
    await stack.settle();
    await stack.slack.slashCommand(`/opsknight channel ${id}`);
    await stack.settle();
    expect(channelNamed(`inc-${id}-database-connection-timeout`)?.members.has('U0JANE00001')).toBe(true);
    await stack.slack.slashCommand('/opsknight channel nope');
    await stack.slack.expectEphemeral('jane', /Usage: `\/opsknight channel <incident number>`/);
    await stack.close();

    stack = await startStack({ sandbox: { scopes: OPSKNIGHT_BOT_SCOPES.filter((s) => s !== 'channels:manage') } });
    const second = await stack.trigger();
    await stack.slack.slashCommand(`/opsknight channel ${second.id}`);
    await stack.slack.expectEphemeral('jane', /Cannot open a channel: major-incident channels .* need the bot scope channels:manage/);
    expect(world().calls.filter((c) => c.method === 'conversations.create')).toEqual([]);
  });
});

describe('stakeholders and status channel', () => {
  it('messages listed users directly and mentions a user group when a matching incident triggers', async () => {
    stack = await startStack();
    addRule({ type: 'stakeholders', users: ['U0ALICE0001'], groups: ['S0SRELEADS1'], channel: 'C0GENERAL01' }, { urgency: 'HIGH' });
    const { id } = await stack.trigger();
    await stack.trigger({ title: 'Slow search', urgency: 'MEDIUM' });
    await stack.settle();
    const dm = [...world().channels.values()].find((c) => c.isIm && c.members.has('U0ALICE0001'))!;
    const dmTexts = world().channelMessages(dm.id).map((m) => m.text);
    expect(dmTexts).toHaveLength(1);
    expect(dmTexts[0]).toMatch(new RegExp(`HIGH incident #${id} on payment-api: Database Connection Timeout · <http[^|]+/incidents/${id}[^|]*\\|View incident>`));
    const mention = await stack.slack.channel('#general').expectMessage(/<!subteam\^S0SRELEADS1>/);
    expect(mention.message.text).toMatch(/Database Connection Timeout/);
    expect(stack.slack.channel('#general').messages()).toHaveLength(1);
  });

  it('posts a resolution summary (title, service, duration, who resolved, the note) in the status channel', async () => {
    stack = await startStack();
    addRule({ type: 'status_channel', channel: 'C0PAYMENTS1' }, { service: 'payment-api' });
    const { id } = await stack.trigger();
    await stack.settle();
    expect(stack.slack.channel('#payments').messages()).toHaveLength(0);
    await stack.api('POST', `/api/incidents/${id}/resolve`, { note: 'Raised the pool size' });
    const summary = await stack.slack.channel('#payments').expectMessage(/Resolved/);
    expect(summary.text).toMatch(new RegExp(`#${id} Database Connection Timeout`));
    expect(summary.text).toMatch(/\*Service:\* payment-api · \*Duration:\* 0m · \*Resolved by:\* API/);
    expect(summary.text).toMatch(/\*Note:\* Raised the pool size/);
  });
});

describe('Workflow Builder webhook', () => {
  it('sends the incident’s fields as flat text variables for the chosen events, and retries when the trigger fails', async () => {
    stack = await startStack();
    const url = stack.sandbox.addWebhookTrigger(stack.teamId, ['event', 'incident_id', 'title', 'service', 'urgency', 'status', 'resolved_by', 'resolution_note', 'link']);
    const trigger = [...world().webhookTriggers.values()][0]!;
    addRule({ type: 'webhook', events: ['triggered', 'resolved'] }, {}, url);
    stack.sandbox.addFault({ method: 'workflow_trigger', kind: 'server_error', calls: 1 });
    const { id } = await stack.trigger();
    await stack.api('POST', `/api/incidents/${id}/acknowledge`);
    await stack.api('POST', `/api/incidents/${id}/resolve`, { note: 'done' });
    await stack.settle(15_000);
    // The first POST met a 503 (the fault is spent) and was sent again: nothing lost.
    expect(stack.sandbox.faults.list()).toEqual([]);
    expect(trigger.received.map((r) => r.body.event)).toEqual(['triggered', 'resolved']);
    expect(trigger.received[0]!.body).toMatchObject({ incident_id: String(id), title: 'Database Connection Timeout', service: 'payment-api', urgency: 'HIGH', status: 'OPEN' });
    expect(trigger.received[1]!.body).toMatchObject({ status: 'RESOLVED', resolved_by: 'API', resolution_note: 'done' });
    expect(trigger.received[1]!.body.link).toMatch(new RegExp(`/incidents/${id}`));
    for (const r of trigger.received) expect(Object.values(r.body).every((v) => typeof v === 'string')).toBe(true);
  });
});

describe('missing scopes', () => {
  it('refuses a rule whose scopes the workspace has not granted, marks it with the explanation, and calls nothing', async () => {
    stack = await startStack({ sandbox: { scopes: OPSKNIGHT_BOT_SCOPES.filter((s) => s !== 'channels:manage' && s !== 'im:write') } });
    const channelRule = addRule({ type: 'incident_channel', archiveAfterHours: null, private: false });
    const dmRule = addRule({ type: 'stakeholders', users: ['U0ALICE0001'], groups: [], channel: null });
    await stack.trigger();
    await stack.settle();
    const core = stack.daemon.core;
    expect(core.workflows.get(channelRule.id)).toMatchObject({ status: 'refused', statusReason: expect.stringMatching(/major-incident channels .* need the bot scope channels:manage.*re-install/) });
    expect(core.workflows.get(dmRule.id)).toMatchObject({ status: 'refused', statusReason: expect.stringMatching(/stakeholder direct messages need the bot scope im:write/) });
    expect(world().calls.filter((c) => c.method === 'conversations.create' || c.method === 'conversations.open')).toEqual([]);
    expect(core.outbox.recentFailures(10).map((f) => f.error)).toEqual(expect.arrayContaining([expect.stringMatching(/channels:manage/), expect.stringMatching(/im:write/)]));
    // A refused rule stays quiet: the next incident does not queue it again.
    await stack.trigger({ title: 'second' });
    await stack.settle();
    expect(core.outbox.recentFailures(10)).toHaveLength(2);
  });
});
