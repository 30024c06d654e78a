// Teams and access in Slack: people see their teams' incidents, act on them as the workspace's
// policy says, viewers only look, and unmapped users see nothing unless the workspace allows it.
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

const text = (r: { json: Record<string, unknown> | null }) => JSON.stringify(r.json);

/** payments owns payment-api (Jane), platform owns platform (Bob), search is nobody's, Alice is admin. */
async function orgStack(): Promise<Stack> {
  const s = await startStack({ services: ['payment-api', 'platform', 'search'] });
  const { directory, teams, clock } = s.daemon.core;
  const jane = directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
  const bob = directory.addUser({ name: 'Bob Smith', email: 'bob@example.com' });
  const alice = directory.addUser({ name: 'Alice Chen', email: 'alice.chen@example.com' });
  teams.add('payments', 'Payments', clock.now());
  teams.add('platform', 'Platform', clock.now());
  teams.addMember('payments', jane.id);
  teams.addMember('platform', bob.id);
  teams.setServiceOwner(directory.getService('payment-api').id, 'payments');
  teams.setServiceOwner(directory.getService('platform').id, 'platform');
  teams.setRole(alice.id, 'admin');
  await s.trigger({ title: 'checkout down' });
  await s.trigger({ title: 'k8s nodes flapping', service: 'platform', urgency: 'MEDIUM' });
  await s.trigger({ title: 'search slow', service: 'search', urgency: 'LOW' });
  return s;
}

describe('teams and access', () => {
  it("/opsknight incidents and status show the caller's teams' incidents (and nobody's); admins see all", async () => {
    stack = await orgStack();
    const jane = text(await stack.slack.slashCommand('/opsknight incidents', { as: 'jane' }));
    expect(jane).toMatch(/2 open incidents/);
    expect(jane).toContain('checkout down');
    expect(jane).toContain('search slow');
    expect(jane).not.toContain('k8s nodes flapping');
    const bob = text(await stack.slack.slashCommand('/opsknight incidents', { as: 'bob' }));
    expect(bob).toContain('k8s nodes flapping');
    expect(bob).not.toContain('checkout down');
    expect(text(await stack.slack.slashCommand('/opsknight incidents', { as: 'alice' }))).toMatch(/3 open incidents/);

    const status = text(await stack.slack.slashCommand('/opsknight status', { as: 'bob' }));
    expect(status).toMatch(/high: \*0\* · medium: \*1\* · low: \*1\*/);
    expect(status).toMatch(/Oldest unacknowledged: <[^|]+\|#2> k8s nodes flapping/);
    expect(text(await stack.slack.slashCommand('/opsknight status', { as: 'alice' }))).toMatch(/high: \*1\* · medium: \*1\* · low: \*1\*/);

    // The bearer-token API sees everything, whoever asks; the signed page link works for anyone holding it.
    expect((await stack.api('GET', '/api/incidents')).body.incidents).toHaveLength(3);
    const card = await stack.slack.channel('#incidents').expectMessage(/k8s nodes flapping/);
    const link = JSON.stringify(card.message.attachments).match(/"url":"([^"]+)"/)![1]!;
    expect((await fetch(link)).status).toBe(200);
  });

  it('an unmapped Slack user sees no incidents unless the workspace allows it', async () => {
    stack = await orgStack();
    const ghost = await stack.slack.slashCommand('/opsknight incidents', { as: 'ghost' });
    expect(text(ghost)).toMatch(/No incidents to show\. Only OpsKnight users see incidents in this workspace/);
    expect(text(ghost)).not.toContain('checkout down');
    expect(text(await stack.slack.slashCommand('/opsknight status', { as: 'ghost' }))).toMatch(/No incidents to show/);
    stack.daemon.core.workspaces.updateSettings(stack.teamId, { unmappedCanView: true });
    expect(text(await stack.slack.slashCommand('/opsknight incidents', { as: 'ghost' }))).toMatch(/3 open incidents/);
  });

  it("cross-team policy 'allow': another team's responder acts, and the thread says they are not on the owning team", async () => {
    stack = await orgStack();
    const msg = await stack.slack.channel('#incidents').expectMessage(/checkout down/);
    await msg.button('Acknowledge').click({ as: 'bob' });
    await msg.expectThreadReply(/Acknowledged by <@U0BOB000001> \(not on team payments, which owns it\)/);
    expect((await stack.api('GET', '/api/incidents/1')).body.status).toBe('ACKNOWLEDGED');
  });

  it("cross-team policy 'refuse': another team's responder is told why and nothing changes; the owning team and admins act", async () => {
    stack = await orgStack();
    stack.daemon.core.workspaces.updateSettings(stack.teamId, { crossTeamActions: 'refuse' });
    const msg = await stack.slack.channel('#incidents').expectMessage(/checkout down/);
    await msg.button('Acknowledge').click({ as: 'bob' });
    await stack.slack.expectEphemeral('bob', /Incident #1 belongs to team payments.*Ask someone on payments, or an OpsKnight admin/);
    expect((await stack.api('GET', '/api/incidents/1')).body.status).toBe('OPEN');
    await stack.slack.slashCommand('/opsknight resolve 1 not mine', { as: 'bob' });
    await stack.slack.expectEphemeral('bob', /belongs to team payments/);
    expect((await stack.api('GET', '/api/incidents/1')).body.status).toBe('OPEN');
    await msg.button('Acknowledge').click({ as: 'jane' });
    await msg.expectThreadReply(/Acknowledged by <@U0JANE00001> \(<!date/);
    const search = await stack.slack.channel('#incidents').expectMessage(/search slow/);
    await search.button('Acknowledge').click({ as: 'bob' });
    await search.expectThreadReply(/Acknowledged by <@U0BOB000001> \(<!date/);
    await msg.button('Resolve').click({ as: 'alice' });
    const modal = await stack.slack.expectModal('alice', /Resolve/);
    await modal.submit({ note: 'fixed by the admin' });
    await msg.expectThreadReply(/Resolved by <@U0ALICE0001> [^\n]*\nResolution: fixed by the admin/);
  });

  it('viewers see their incidents but cannot act on them, nor create any', async () => {
    stack = await orgStack();
    const { directory, teams } = stack.daemon.core;
    teams.setRole(directory.findUserByEmail('jane@example.com')!.id, 'viewer');
    expect(text(await stack.slack.slashCommand('/opsknight incidents', { as: 'jane' }))).toContain('checkout down');
    const msg = await stack.slack.channel('#incidents').expectMessage(/checkout down/);
    await msg.button('Acknowledge').click({ as: 'jane' });
    await stack.slack.expectEphemeral('jane', /you are a viewer in OpsKnight: viewers see incidents but cannot act on them/);
    await msg.menu().choose('1 hour', { as: 'jane' });
    await stack.settle();
    expect((await stack.api('GET', '/api/incidents/1')).body.status).toBe('OPEN');
    const create = await stack.slack.slashCommand('/opsknight create', { as: 'jane' });
    expect(text(create)).toMatch(/viewer/);
  });

  it("a storm card's Acknowledge all goes through the same step: other teams' incidents stay as they are when the workspace refuses", async () => {
    stack = await orgStack();
    // The three incidents orgStack made are posted one by one first, so the storm holds only the four below.
    await stack.settle();
    stack.daemon.core.workspaces.updateSettings(stack.teamId, { crossTeamActions: 'refuse', digestThreshold: 4 });
    await stack.daemon.delivery.stop();
    for (const [title, service] of [['pay a', 'payment-api'], ['pay b', 'payment-api'], ['plat a', 'platform'], ['plat b', 'platform']]) await stack.trigger({ title, service });
    stack.daemon.delivery.start();
    await stack.settle();
    const card = await stack.slack.channel('#incidents').expectMessage(/Alert storm/);
    await card.button('Acknowledge all').click({ as: 'jane', dialog: 'confirm' });
    await stack.slack.expectEphemeral('jane', /2 of these incidents were left as they are: Incident #\d+ belongs to team platform/);
    await stack.settle();
    const status = async (title: string) => ((await stack.api('GET', '/api/incidents')).body.incidents as { title: string; status: string }[]).find((i) => i.title === title)!.status;
    expect([await status('pay a'), await status('pay b'), await status('plat a'), await status('plat b')]).toEqual(['ACKNOWLEDGED', 'ACKNOWLEDGED', 'OPEN', 'OPEN']);
  });

  it('the "Add to incident timeline" form lists only the incidents the person may see', async () => {
    stack = await orgStack();
    const said = stack.slack.say('#general', 'Customers report failed payments', { as: 'bob' });
    const choices = async (as: string) => {
      await said.shortcut('add_to_timeline', { as });
      const modal = await stack.slack.expectModal(as, /Add to timeline/);
      const view = stack.sandbox.world.views.get(modal.id)!.view as { blocks: { block_id?: string; text?: { text: string }; element?: { options: { text: { text: string } }[] } }[] };
      const select = view.blocks.find((b) => b.block_id === 'incident');
      await modal.close();
      return select ? select.element!.options.map((o) => o.text.text) : view.blocks.map((b) => b.text?.text ?? '').filter((t) => /no open incident/.test(t));
    };
    expect(await choices('jane')).toEqual(['#3 search slow', '#1 checkout down']);
    expect(await choices('bob')).toEqual(['#3 search slow', '#2 k8s nodes flapping']);
    expect(await choices('alice')).toHaveLength(3);
    // Unmapped people see no incidents in this workspace, so there is nothing to choose.
    expect(await choices('ghost')).toEqual(['There is no open incident to add it to.']);
  });
});
