// The incident message is a pure function of state: snapshots of each state, and Slack's limits.
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../src/domain/model.js';
import { anIncident } from '../../helpers/builders.js';
import { validateAttachments, validateBlocks } from '../../../src/sandbox/block-kit.js';
import { renderStormCard, STORM_LISTED } from '../../../src/slack/render/storm-card.js';
import { renderIncidentMessage } from '../../../src/slack/render/incident-message.js';

const t0 = new Date('2026-11-30T10:00:00Z');
const ctx = { teamId: 'T1', incidentUrl: (id: number) => `https://ops.example.com/incidents/${id}?t=sig`, service: { name: 'Payment API', slug: 'payment-api' } };

const incident = (o: Partial<Incident> = {}): Incident => anIncident({ description: 'p99 above 5 s', components: ['postgres', 'api'], ...o });

const fits = (m: ReturnType<typeof renderIncidentMessage>) => {
  expect(validateBlocks(m.blocks ?? [])).toEqual([]);
  expect(validateAttachments(m.attachments)).toEqual([]);
};

describe('incident message', () => {
  it('renders an open HIGH incident', () => {
    const m = renderIncidentMessage(incident(), ctx);
    fits(m);
    expect(m).toMatchSnapshot();
  });

  it('renders acknowledged (by a Slack user), snoozed and resolved states', () => {
    const acked = renderIncidentMessage(incident({ status: 'ACKNOWLEDGED', acknowledgedAt: t0, acknowledgedBy: { name: 'Jane Doe', userId: 1, ref: 'slack:T1:U123' } }), ctx);
    const snoozed = renderIncidentMessage(incident({ status: 'SNOOZED', urgency: 'MEDIUM', snoozedUntil: new Date('2026-11-30T11:00:00Z') }), ctx);
    const resolved = renderIncidentMessage(
      incident({ status: 'RESOLVED', urgency: 'LOW', resolvedAt: new Date('2026-11-30T10:47:00Z'), resolvedBy: { name: 'Bob' }, resolutionNote: 'Restarted the pool' }),
      ctx,
    );
    for (const m of [acked, snoozed, resolved]) fits(m);
    expect({ acked, snoozed, resolved }).toMatchSnapshot();
    expect(JSON.stringify(acked)).toContain('Acknowledged ✓');
    expect(JSON.stringify(acked)).toContain('<@U123>');
    expect(resolved.attachments[0]!.color).toBe('#1264A3');
    expect(JSON.stringify(resolved)).not.toContain('opsknight_acknowledge');
  });

  it('fits Slack’s limits with huge text, and escapes what could mention or link', () => {
    const evil = `<!channel> <@U999> <https://evil.example|click> & ${'é'.repeat(5000)}`;
    const m = renderIncidentMessage(incident({ title: evil, description: evil.repeat(3), components: Array.from({ length: 60 }, (_, i) => `c${i}`), resolutionNote: evil, status: 'RESOLVED', resolvedAt: t0, resolvedBy: { name: evil } }), ctx);
    fits(m);
    const text = JSON.stringify(m);
    expect(text).not.toMatch(/<!channel>|<@U999>|<https:\/\/evil/);
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('a storm card for 10,000 incidents over 40 services fits one message, and points to the page for the rest', () => {
    const listed = Array.from({ length: STORM_LISTED }, (_, i) => incident({ id: i + 1, title: 'x'.repeat(400) }));
    const byService = Array.from({ length: 40 }, (_, i) => ({ service: `service-${i}-${'s'.repeat(50)}`, count: 250 }));
    const counts = { total: 10_000, byStatus: { OPEN: 9000, ACKNOWLEDGED: 900, SNOOZED: 0, RESOLVED: 100 }, byUrgency: { HIGH: 10_000, MEDIUM: 0, LOW: 0 }, byService, firstAt: 0, version: '10000:0' };
    const d = renderStormCard({ digestId: 7, counts, listed, incidentUrl: ctx.incidentUrl, stormUrl: (id) => `https://ops.example/storms/${id}?t=x` });
    expect(validateBlocks(d.blocks ?? [])).toEqual([]);
    expect(validateAttachments(d.attachments)).toEqual([]);
    const text = JSON.stringify(d);
    expect(text).toContain('and 9,980 more');
    expect(text).toContain('https://ops.example/storms/7?t=x');
    expect(text).toMatch(/9,000 open · 900 acknowledged · 100 resolved/);
  });
});
