// The message shortcut "Add to incident timeline": what was said in Slack kept on the incident.
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

const BOB = 'U0BOB000001';

async function withCard() {
  stack = await startStack();
  stack.daemon.core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
  const { id } = await stack.trigger();
  const card = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
  return { s: stack, id, card };
}

const notes = async (s: Stack, id: number) =>
  ((await s.api('GET', `/api/incidents/${id}`)).body.events as { type: string; actor: string; details: Record<string, unknown> }[]).filter((e) => e.type === 'note_added');

describe('Add to incident timeline (message shortcut)', () => {
  it('on a message in an incident’s thread: a timeline note with a permalink to it, said in the thread', async () => {
    const { s, id, card } = await withCard();
    const said = card.say('Failover finished at 10:02, errors back to normal', { as: 'bob' });
    await said.shortcut('add_to_timeline', { as: 'jane' });
    await s.slack.expectEphemeral('jane', /📝 Added to the timeline of incident #1\./);
    const [note] = await notes(s, id);
    const permalink = String(note!.details.link);
    expect(permalink).toMatch(new RegExp(`/archives/C0INCIDENTS/p${said.ts.replace('.', '')}\\?thread_ts=${card.ts}&cid=C0INCIDENTS$`));
    expect(note).toMatchObject({ actor: 'Jane Doe', details: { text: 'Failover finished at 10:02, errors back to normal', author: { name: 'Bob Smith', ref: `slack:${s.teamId}:${BOB}` } } });
    const reply = await card.expectThreadReply(/📝 Note from/);
    expect(reply.text).toMatch(/^📝 Note from <@U0JANE00001> \(<!date\^\d+\^\{ago\}\|[^>]+>\) \(<([^|>]+)\|a message> by <@U0BOB000001>\): Failover finished at 10:02, errors back to normal$/);
    expect(reply.text).toContain(`(<${permalink}|a message>`);
  });

  it('on any other message: a form to choose the incident, then the same note', async () => {
    const { s, id } = await withCard();
    await s.trigger({ title: 'Checkout latency', dedup_key: 'other' });
    const said = s.slack.say('#general', 'Customers report failed payments since 09:55', { as: 'bob' });
    await said.shortcut('add_to_timeline', { as: 'jane' });
    const modal = await s.slack.expectModal('jane', /Add to timeline/);
    await modal.submit({ incident: String(id) });
    await s.slack.expectEphemeral('jane', /Added to the timeline of incident #1/);
    const [note] = await notes(s, id);
    expect(note!.details).toMatchObject({ text: 'Customers report failed payments since 09:55' });
    expect(String(note!.details.link)).toMatch(new RegExp(`/archives/C0GENERAL01/p${said.ts.replace('.', '')}$`));
  });

  it('a note on a resolved incident is still kept; a message that cannot be linked is kept without the link', async () => {
    const { s, id, card } = await withCard();
    await s.api('POST', `/api/incidents/${id}/resolve`, {});
    const said = card.say('Root cause: pool size 10 after the deploy', { as: 'bob' });
    s.sandbox.addFault({ method: 'chat.getPermalink', kind: 'slack_error', error: 'message_not_found', calls: 1 });
    await said.shortcut('add_to_timeline', { as: 'jane' });
    await s.slack.expectEphemeral('jane', /Added to the timeline of incident #1 \(without a link: Slack did not give one\)/);
    const [note] = await notes(s, id);
    expect(note!.details.text).toBe('Root cause: pool size 10 after the deploy');
    expect(note!.details.link).toBeUndefined();
  });
});
