// The message shortcut "Add to incident timeline": what was said in Slack kept on the incident.
import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../../src/sandbox/interactions.js';
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

  it('a malformed or unknown message shortcut is a clear 400, and a forged menu value is answered privately', async () => {
    const { s, card } = await withCard();
    const post = async (payload: unknown) => {
      const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
      const res = await fetch(`${s.daemon.url}/api/slack/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...signRequest(s.sandbox.credentials.signingSecret, body) },
        body,
      });
      return { status: res.status, body: (await res.json()) as { message: string } };
    };
    const noMessage = await post({ type: 'message_action', team: { id: s.teamId }, user: { id: 'U0JANE00001' }, callback_id: 'add_to_timeline', trigger_id: '1.2.x', channel: { id: 'C0INCIDENTS' } });
    expect(noMessage.status).toBe(400);
    expect(noMessage.body.message).toMatch(/Malformed message_action payload/);
    const unknown = await post({ type: 'message_action', team: { id: s.teamId }, user: { id: 'U0JANE00001' }, callback_id: 'frobnicate', trigger_id: '1.2.x', channel: { id: 'C0INCIDENTS' }, message_ts: card.ts, message: { ts: card.ts, text: 'x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('Unknown message shortcut "frobnicate".');

    const forged = structuredClone(card.message);
    const menu = ((forged.attachments![0] as { blocks: { elements?: { type: string; options?: { value: string }[] }[] }[] }).blocks.at(-1)!.elements!).find((e) => e.type === 'overflow')!;
    menu.options![0]!.value = '1:selfdestruct';
    await s.sandbox.driver.act({ message: forged, userId: 'U0JANE00001', actionId: 'opsknight_more', value: '1:selfdestruct' });
    await s.slack.expectEphemeral('jane', /This menu item \(1:selfdestruct\) is not one OpsKnight knows/);
  });
});
