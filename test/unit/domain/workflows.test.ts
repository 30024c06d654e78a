// Workflow rules: which fire for an event, incident channel names within Slack's rules, and the
// webhook's flat text variables.
import { describe, expect, it } from 'vitest';
import { humanDuration, incidentChannelName, resolutionSummary, rulesFiring, webhookVariables, type WorkflowRule } from '../../../src/domain/workflows.js';
import { anIncident, T0 } from '../../helpers/builders.js';

const at = T0;
const incident = anIncident;

let nextId = 1;
const rule = (over: Partial<WorkflowRule>): WorkflowRule => ({
  id: nextId++,
  workspace: 'T1',
  serviceSlug: null,
  urgency: null,
  action: { type: 'incident_channel', archiveAfterHours: null, private: false },
  status: 'active',
  statusReason: null,
  createdAt: at,
  ...over,
});

describe('workflow rules', () => {
  it('fire by urgency and/or service, on their events, and never when refused', () => {
    const high = rule({ urgency: 'HIGH' });
    const payments = rule({ serviceSlug: 'payment-api', action: { type: 'status_channel', channel: 'C1' } });
    const search = rule({ serviceSlug: 'search', urgency: 'HIGH' });
    const refused = rule({ status: 'refused', statusReason: 'no scope' });
    const hook = rule({ action: { type: 'webhook', events: ['acknowledged'] } });
    const rules = [high, payments, search, refused, hook];
    expect(rulesFiring(rules, 'triggered', incident()).map((r) => r.id)).toEqual([high.id]);
    expect(rulesFiring(rules, 'triggered', incident({ urgency: 'LOW' }))).toEqual([]);
    expect(rulesFiring(rules, 'resolved', incident()).map((r) => r.id)).toEqual([payments.id]);
    expect(rulesFiring(rules, 'acknowledged', incident({ serviceSlug: 'search' })).map((r) => r.id)).toEqual([hook.id]);
  });

  it('names channels like inc-42-database-connection-timeout: lowercase, Slack-safe, at most 80 characters, suffixed when taken', () => {
    expect(incidentChannelName(incident())).toBe('inc-42-database-connection-timeout');
    expect(incidentChannelName(incident(), 2)).toBe('inc-42-database-connection-timeout-2');
    expect(incidentChannelName(incident({ title: 'Café: 500s on /checkout (EU) — again!!' }))).toBe('inc-42-cafe-500s-on-checkout-eu-again');
    expect(incidentChannelName(incident({ title: '🔥🔥🔥' }))).toBe('inc-42');
    const long = incidentChannelName(incident({ id: 123456, title: 'word '.repeat(40) }), 17);
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^inc-123456-word(-word)*-17$/);
    for (const title of ['A'.repeat(200), '--x--', 'ÅÄÖ ÿ', 'tab\tand\nnewline']) {
      expect(incidentChannelName(incident({ title }), 3)).toMatch(/^[a-z0-9-]{1,80}$/);
    }
  });

  it('gives a webhook every field as text, nothing nested', () => {
    const resolved = incident({ status: 'RESOLVED', resolvedAt: new Date(at.getTime() + 125 * 60_000), resolvedBy: { name: 'Jane' }, resolutionNote: 'pool' });
    const vars = webhookVariables(resolved, 'resolved', 'https://ops.example.com/incidents/42');
    expect(Object.values(vars).every((v) => typeof v === 'string')).toBe(true);
    expect(vars).toMatchObject({ event: 'resolved', incident_id: '42', status: 'RESOLVED', resolved_by: 'Jane', resolution_note: 'pool', duration_minutes: '125', resolved_at: '2026-11-30T12:05:00.000Z' });
    expect(resolutionSummary(resolved)).toEqual({ title: '#42 Database Connection Timeout', service: 'payment-api', duration: '2h 5m', resolvedBy: 'Jane', note: 'pool' });
    expect([humanDuration(0), humanDuration(59), humanDuration(60), humanDuration(1500)]).toEqual(['0m', '59m', '1h', '1d 1h']);
  });
});
