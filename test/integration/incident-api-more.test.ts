// The card's ⋯ actions through the incident API: unacknowledge, reopen, urgency.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
  app.core.directory.addService({ slug: 'payment-api' });
});
afterEach(() => app.close());

describe('incident API: unacknowledge, reopen, urgency', () => {
  it('walks an incident back and forth, each repeat answering changed:false with the reason', async () => {
    const { id } = (await app.api('POST', '/api/incidents', { title: 'Checkout down', service: 'payment-api', urgency: 'LOW' })).body;
    expect((await app.api('POST', `/api/incidents/${id}/urgency`, { urgency: 'high' })).body).toMatchObject({ urgency: 'HIGH', changed: true });
    expect((await app.api('POST', `/api/incidents/${id}/urgency`, { urgency: 'HIGH' })).body).toMatchObject({ changed: false, message: 'Incident #1 is already HIGH urgency.' });
    await app.api('POST', `/api/incidents/${id}/acknowledge`);
    expect((await app.api('POST', `/api/incidents/${id}/unacknowledge`)).body).toMatchObject({ status: 'OPEN', acknowledged_at: null, changed: true });
    expect((await app.api('POST', `/api/incidents/${id}/unacknowledge`)).body).toMatchObject({ changed: false, message: 'Incident #1 is not acknowledged (it is OPEN).' });
    await app.api('POST', `/api/incidents/${id}/resolve`, { note: 'fixed' });
    expect((await app.api('POST', `/api/incidents/${id}/reopen`)).body).toMatchObject({ status: 'OPEN', resolution_note: null, changed: true });
    const events = (await app.api('GET', `/api/incidents/${id}`)).body.events.map((e: { type: string }) => e.type);
    expect(events).toEqual(['triggered', 'urgency_changed', 'acknowledged', 'unacknowledged', 'resolved', 'reopened']);
  });

  it('answers a bad urgency with 400 and a forbidden change with 409, changing nothing', async () => {
    const { id } = (await app.api('POST', '/api/incidents', { title: 'Checkout down', service: 'payment-api', urgency: 'LOW' })).body;
    const bad = await app.api('POST', `/api/incidents/${id}/urgency`, { urgency: 'extreme' });
    expect(bad.status).toBe(400);
    await app.api('POST', `/api/incidents/${id}/resolve`, {});
    const refused = await app.api('POST', `/api/incidents/${id}/urgency`, { urgency: 'HIGH' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/RESOLVED .*cannot be given another urgency/);
    expect((await app.api('GET', `/api/incidents/${id}`)).body.urgency).toBe('LOW');
  });
});
