// The card's ⋯ actions are event types a workspace can switch off like the others: the card still
// changes in place and the person concerned is still messaged, but the thread stays quiet.
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

const JANE = 'U0JANE00001';
const BOB = 'U0BOB000001';

describe('card-action events per workspace', () => {
  it('a switched-off "reassigned" updates the card and messages the new assignee, with no thread reply', async () => {
    stack = await startStack();
    const s = stack;
    s.daemon.core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    s.daemon.core.directory.addUser({ name: 'Bob Smith', email: 'bob@example.com' });
    s.daemon.core.workspaces.updateSettings(s.teamId, { events: { reassigned: false, urgency_changed: false } as never });
    await s.trigger();
    const card = await s.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    await card.overflow().choose('👤 Reassign…', { as: 'jane' });
    await (await s.slack.expectModal('jane', /Reassign #1/)).submit({ assignee: BOB });
    await card.expectText(new RegExp(`\\*Assignee\\*\\n<@${BOB}>`));
    await s.slack.expectDirectMessage('bob', new RegExp(`<@${JANE}> assigned you`));
    // Still on: acknowledging is answered in the thread as before.
    await card.button('Acknowledge').click({ as: 'jane' });
    await card.expectThreadReply(/Acknowledged by/);
    await s.settle();
    expect(card.replies().filter((r) => /reassigned/.test(r))).toEqual([]);
    expect(s.daemon.core.workspaces.get(s.teamId)!.settings.events).toMatchObject({ reassigned: false, urgency_changed: false, responders_added: true, reopened: true });
  });
});
