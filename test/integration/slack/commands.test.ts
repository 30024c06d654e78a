// /opsknight and the Create Incident shortcut.
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

const body = (r: { json: Record<string, unknown> | null }) => r.json as { response_type: string; text: string; blocks?: unknown[] };

describe('/opsknight', () => {
  it('incidents: open incidents, most urgent then oldest, each with its buttons, shown only to the caller', async () => {
    stack = await startStack({ services: ['payment-api', 'search'] });
    stack.daemon.core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    await stack.trigger({ title: 'low one', urgency: 'LOW' });
    await stack.trigger({ title: 'high old' });
    await stack.trigger({ title: 'high new', service: 'search' });
    const { id } = await stack.trigger({ title: 'done already' });
    await stack.api('POST', `/api/incidents/${id}/resolve`, {});
    const r = await stack.slack.slashCommand('/opsknight incidents', { as: 'jane' });
    expect(r.status).toBe(200);
    expect(body(r).response_type).toBe('ephemeral');
    const shown = stack.slack.ephemeralsFor('jane').at(-1)!;
    expect(shown).toMatch(/3 open incidents/);
    expect(shown.indexOf('high old')).toBeLessThan(shown.indexOf('high new'));
    expect(shown.indexOf('high new')).toBeLessThan(shown.indexOf('low one'));
    expect(shown).not.toMatch(/done already/);
    expect(shown.match(/Acknowledge/g)).toHaveLength(3);
    expect(stack.slack.ephemeralsFor('bob')).toEqual([]);
  });

  it('incidents: the buttons in the list work like the ones on the message', async () => {
    stack = await startStack();
    stack.daemon.core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    const { id } = await stack.trigger();
    const msg = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    await stack.slack.slashCommand('/opsknight incidents', { as: 'jane' });
    const list = stack.sandbox.world.ephemerals('U0JANE00001').at(-1)!;
    await stack.sandbox.driver.act({ message: list, userId: 'U0JANE00001', actionId: 'opsknight_acknowledge' });
    await msg.expectThreadReply(/Acknowledged by/);
    expect((await stack.api('GET', `/api/incidents/${id}`)).body.status).toBe('ACKNOWLEDGED');
  });

  it('where the workspace requires mapped users, only they can list incidents', async () => {
    stack = await startStack();
    stack.daemon.core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    stack.daemon.core.workspaces.updateSettings(stack.teamId, { requireMappedUser: true });
    await stack.trigger({ title: 'secret outage' });
    const outsider = body(await stack.slack.slashCommand('/opsknight incidents', { as: 'alice' }));
    expect(outsider.text).toMatch(/Only OpsKnight users/);
    expect(JSON.stringify(outsider)).not.toContain('secret outage');
    expect(JSON.stringify(body(await stack.slack.slashCommand('/opsknight incidents', { as: 'jane' })))).toContain('secret outage');
  });

  it('oncall says plainly that no schedule is set up', async () => {
    stack = await startStack();
    const r = await stack.slack.slashCommand('/opsknight oncall');
    expect(body(r).text).toMatch(/No on-call schedule is set up/);
  });

  it('status: counts by status and urgency, the oldest unacknowledged, and delivery health', async () => {
    stack = await startStack();
    stack.daemon.core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    const { id } = await stack.trigger({ title: 'first' });
    await stack.trigger({ title: 'second', urgency: 'LOW' });
    await stack.api('POST', `/api/incidents/${id}/acknowledge`);
    await stack.settle();
    const text = body(await stack.slack.slashCommand('/opsknight status', { as: 'jane' })).text;
    expect(text).toMatch(/open: \*1\* · acknowledged: \*1\* · snoozed: \*0\*/);
    expect(text).toMatch(/high: \*1\* · medium: \*0\* · low: \*1\*/);
    expect(text).toMatch(/Oldest unacknowledged: <[^|]+\|#2> second/);
    expect(text).toMatch(/Slack delivery: ok — 0 waiting, 0 failed/);
  });

  it('help and unknown subcommands list what exists', async () => {
    stack = await startStack();
    expect(body(await stack.slack.slashCommand('/opsknight help')).text).toMatch(/incidents[\s\S]*oncall[\s\S]*status[\s\S]*create/);
    const unknown = body(await stack.slack.slashCommand('/opsknight dance'));
    expect(unknown.text).toMatch(/I don't know `\/opsknight dance`/);
    expect(unknown.text).toMatch(/`\/opsknight incidents`/);
    expect(body(await stack.slack.slashCommand('/opsknight')).text).toMatch(/OpsKnight commands/);
  });

  it('the slash command works at the documented /api/integrations/slack/commands path too', async () => {
    stack = await startStack();
    stack.sandbox.setAppUrls({ commandUrl: `${stack.daemon.url}/api/integrations/slack/commands` });
    expect(body(await stack.slack.slashCommand('/opsknight help')).text).toMatch(/OpsKnight commands/);
  });

  it('create opens the Create Incident modal; submitting opens an incident that is routed as usual', async () => {
    stack = await startStack();
    stack.daemon.core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    stack.daemon.core.workspaces.setRoute(stack.teamId, { serviceSlug: 'payment-api', urgency: null, channelId: 'C0PAYMENTS1' });
    await stack.slack.slashCommand('/opsknight create', { as: 'jane' });
    const modal = await stack.slack.expectModal('jane', /Create Incident/);
    await modal.submit({ title: '', service: null, urgency: 'MEDIUM' });
    // Every invalid field at once.
    expect(modal.errors).toEqual({ title: 'A title is needed.', service: 'Choose a service.' });
    await modal.submit({ title: 'Checkout returns 502', service: 'payment-api', urgency: 'MEDIUM', description: 'Since the deploy' });
    expect(modal.closed).toBe(true);
    const msg = await stack.slack.channel('#payments').expectMessage(/Checkout returns 502/);
    expect(msg.colour).toBe('#ECB22E');
    const list = await stack.api('GET', '/api/incidents');
    expect(list.body.incidents[0]).toMatchObject({ title: 'Checkout returns 502', urgency: 'MEDIUM', triggered_by: 'Jane Doe', description: 'Since the deploy' });
    await stack.slack.expectEphemeral('jane', /Incident #1 created/);
  });

  it('the global shortcut create_incident opens the same modal', async () => {
    stack = await startStack();
    const r = await stack.slack.shortcut('create_incident', { as: 'bob' });
    expect(r.status).toBe(200);
    const modal = await stack.slack.expectModal('bob', /Create Incident/);
    await modal.submit({ title: 'From the shortcut', service: 'payment-api', urgency: 'LOW' });
    await stack.slack.channel('#incidents').expectMessage(/From the shortcut/);
    // No response_url with a shortcut: the confirmation is a chat.postEphemeral in the incident's channel.
    const confirmation = await stack.slack.expectEphemeral('bob', /✅ Incident #1 created: From the shortcut\. It is posted in <#C0INCIDENTS>\./);
    expect(confirmation).toBeTruthy();
    expect(stack.sandbox.world.calls.some((c) => c.method === 'chat.postEphemeral' && c.ok)).toBe(true);
  });

  it('someone who may not act is told why inside the Create Incident modal, and nothing is created', async () => {
    stack = await startStack();
    stack.daemon.core.directory.addUser({ name: 'Bob Smith', email: 'bob@example.com', status: 'INACTIVE' });
    await stack.slack.shortcut('create_incident', { as: 'bob' });
    const modal = await stack.slack.expectModal('bob', /Create Incident/);
    await modal.submit({ title: 'Not allowed', service: 'payment-api', urgency: 'LOW' });
    expect(modal.closed).toBe(false);
    expect(modal.errors?.title).toMatch(/⛔ You cannot act on incidents: .*INACTIVE/);
    expect((await stack.api('GET', '/api/incidents')).body.total).toBe(0);
  });
});
