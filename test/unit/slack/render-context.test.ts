// What came with the alert, on the Slack card: links, label chips, readable details, truncation.
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../src/domain/model.js';
import { validateAttachments, validateBlocks } from '../../../src/sandbox/block-kit.js';
import { renderChangeMessage } from '../../../src/slack/render/change-line.js';
import { renderIncidentMessage } from '../../../src/slack/render/incident-message.js';
import { anIncident, T0 } from '../../helpers/builders.js';

const ctx = { teamId: 'T1', incidentUrl: (id: number) => `https://ops.example.com/incidents/${id}?t=sig` };
const withContext = (context: Partial<Incident['context']>, o: Partial<Incident> = {}) =>
  anIncident({ context: { links: [], labels: {}, details: {}, alertCounts: null, ...context }, ...o });
const blockText = (m: ReturnType<typeof renderIncidentMessage>, id: string) =>
  JSON.stringify(m.attachments[0]!.blocks.find((b) => b.block_id === id) ?? null);

describe('incident card context', () => {
  it('shows links as a links line, labels as key=value chips, details as key: value lines, and the truncation warning', () => {
    const m = renderIncidentMessage(
      withContext({
        links: [{ text: 'Runbook', href: 'https://runbooks.example.com/a?x=1&y=2' }, { text: 'Silence', href: 'http://am:9093/#/silences/new?filter=%7Ba%3D%22b%22%7D' }],
        labels: { severity: 'critical', instance: 'es-1:9200' },
        details: { free: '3%', query: 'SELECT 1\nFROM t' },
        alertCounts: { firing: 4, sent: 2 },
      }),
      ctx,
    );
    expect(validateAttachments(m.attachments)).toEqual([]);
    expect(blockText(m, 'incident_links')).toContain('<https://runbooks.example.com/a?x=1&amp;y=2|Runbook> · <http://am:9093/#/silences/new?filter=%7Ba%3D%22b%22%7D|Silence>');
    expect(blockText(m, 'incident_labels')).toContain('`instance=es-1:9200` `severity=critical`');
    const details = (JSON.parse(blockText(m, 'incident_details')) as { text: { text: string } }).text.text;
    expect(details).toBe('*free:* 3%\n*query:*\n```SELECT 1\nFROM t```');
    expect(blockText(m, 'incident_alert_counts')).toContain('4 alerts firing, Alertmanager sent 2 — raise max_alerts');
  });

  it('stays within Block Kit limits with 10 long links, 200 labels and 50 long details, and links cannot break out', () => {
    const m = renderIncidentMessage(
      withContext({
        links: Array.from({ length: 10 }, (_, i) => ({ text: `Link|${i}>`, href: `https://example.com/${'p'.repeat(1900)}|>${i}` })),
        labels: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`label_${i}`, `value \`${i}\` <!channel>`])),
        details: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`key_${i}`, `line\n${'v'.repeat(1990)}`])),
      }),
      ctx,
    );
    expect(validateBlocks(m.blocks ?? [])).toEqual([]);
    expect(validateAttachments(m.attachments)).toEqual([]);
    const text = JSON.stringify(m);
    expect(text).not.toContain('<!channel>');
    expect(blockText(m, 'incident_details')).toMatch(/more on the incident page/);
    expect(blockText(m, 'incident_links')).not.toMatch(/\|>/);
  });

  it('"Triggered" and time to resolve count from when the alert started, not when it arrived', () => {
    const startedAt = new Date(T0.getTime() - 30 * 60_000);
    const m = renderIncidentMessage(
      anIncident({ triggeredAt: startedAt, status: 'RESOLVED', resolvedAt: new Date(T0.getTime() + 15 * 60_000), resolvedBy: { name: 'Bob' } }),
      ctx,
    );
    const text = JSON.stringify(m);
    expect(text).toContain(`<!date^${startedAt.getTime() / 1000}^{ago}`);
    expect(text).toMatch(/Resolved in 45m/);
  });

  it('an empty context adds no blocks (cards of other intakes are unchanged)', () => {
    const ids = renderIncidentMessage(anIncident(), ctx).attachments[0]!.blocks.map((b) => b.block_id);
    expect(ids).toEqual(['incident_title', 'incident_fields', 'incident_actions_42']);
  });

  it('a change is one compact context line', () => {
    const m = renderChangeMessage({ service: 'payment-api', summary: 'Deployed v2 <!here>', source: 'ci', at: T0, links: [{ text: 'Diff', href: 'https://git.example.com/d' }] });
    expect(validateBlocks(m.blocks)).toEqual([]);
    expect(m.blocks).toHaveLength(1);
    expect(JSON.stringify(m)).not.toContain('<!here>');
    expect(JSON.stringify(m.blocks)).toContain('<https://git.example.com/d|Diff>');
  });
});
