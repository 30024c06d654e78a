// The incident page's view: links from the incident (runbook, source) are shown, and only web links.
import { describe, expect, it } from 'vitest';
import { EMPTY_CONTEXT, type Incident } from '../../../src/domain/model.js';
import { renderIncidentPage } from '../../../src/http/views/incident-page-view.js';

const at = new Date('2026-11-30T16:00:00Z');
const incident: Incident = {
  id: 7, title: 'Disk <full>', description: '', serviceSlug: 'db', urgency: 'MEDIUM', status: 'OPEN', components: [], dedupKey: null,
  assignee: null, assigneeRef: null, responders: [], createdAt: at, updatedAt: at, triggeredBy: { name: 'Alertmanager' }, acknowledgedAt: null, acknowledgedBy: null,
  resolvedAt: null, resolvedBy: null, snoozedUntil: null, snoozedBy: null, resolutionNote: null, triggerCount: 1, lastTriggeredAt: at,
  triggeredAt: at, context: EMPTY_CONTEXT,
};

describe('renderIncidentPage', () => {
  it('lists the incident’s links, drops anything that is not a web link, and escapes text', () => {
    const html = renderIncidentPage(
      {
        incident: {
          ...incident,
          context: {
            ...EMPTY_CONTEXT,
            links: [{ text: 'Runbook', href: 'https://runbooks.example.com/disk' }, { text: 'evil', href: 'javascript:alert(1)' }, { text: '', href: 'http://grafana.local/d/1' }],
            labels: { severity: 'warning', instance: 'db-1' },
            details: { summary_of_disk: 'sda1 at 91%' },
          },
        },
        timeline: [],
      },
      new Date('2026-11-30T16:30:00Z'),
    );
    expect(html).toContain('<a href="https://runbooks.example.com/disk" target="_blank" rel="noopener noreferrer">Runbook</a>');
    expect(html).toContain('>http://grafana.local/d/1</a>');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<h1>Disk &lt;full&gt;</h1>');
    expect(html).toContain('Open for 30 minutes, nobody has acknowledged it yet');
    expect(html).toContain('<span class="chip">instance=db-1</span> <span class="chip">severity=warning</span>');
    expect(html).toContain('<dt>summary_of_disk</dt><dd><span class="detail">sda1 at 91%</span></dd>');
  });

  it('has no Links entry when the incident carries none', () => {
    expect(renderIncidentPage({ incident, timeline: [] }, at)).not.toContain('<dt>Links</dt>');
  });
});
