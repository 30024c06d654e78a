// GET /incidents/:id — the readable page Slack's View button opens: title, service, urgency,
// status and the timeline. Signed link (or the API token) required.
import { Router } from 'express';
import type { IncidentService } from '../../domain/incident-service.js';
import { DomainError } from '../../domain/errors.js';
import { bearerCheck } from '../auth.js';
import type { IncidentLinks } from '../incident-links.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const COLOURS = { HIGH: '#E01E5A', MEDIUM: '#ECB22E', LOW: '#1264A3' } as const;

const EXPIRED_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Link expired — OpsKnight</title></head><body style="font:15px/1.5 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;max-width:640px;margin:48px auto;padding:0 16px">
<h1>This link has expired</h1><p>Links to incident pages work for a limited time. For a fresh one, go back to Slack:
pressing the incident's <b>View in OpsKnight</b> button there sends you a fresh link privately (so does <code>/opsknight incidents</code>).</p></body></html>`;

export function incidentPageRoutes(incidents: IncidentService, links: IncidentLinks, apiToken: () => string): Router {
  const router = Router();
  const bearerOk = bearerCheck(apiToken);
  router.get('/incidents/:id', (req, res) => {
    const id = Number(req.params.id);
    const notFound = () => res.status(404).type('html').send('<!doctype html><title>Not found</title><h1>No such incident</h1>');
    if (!Number.isInteger(id) || id <= 0) return void notFound();
    if (!bearerOk(req.get('authorization'))) {
      const link = links.check(id, req.query.e, req.query.t);
      if (link === 'expired') return void res.status(410).type('html').send(EXPIRED_PAGE);
      if (link !== 'valid') return void notFound();
    }
    let data;
    try {
      data = incidents.get(id);
    } catch (err) {
      if (err instanceof DomainError) return void notFound();
      throw err;
    }
    const i = data.incident;
    const rows = data.timeline
      .map((e) => {
        const extra = typeof e.details.note === 'string' ? e.details.note : typeof e.details.text === 'string' ? e.details.text : '';
        return `<tr><td><time datetime="${e.at.toISOString()}">${esc(e.at.toISOString().replace('T', ' ').slice(0, 19))} UTC</time></td><td>${esc(e.type.replace('_', ' '))}</td><td>${esc(e.actor.name)}</td><td>${esc(e.source)}</td><td>${esc(extra)}</td></tr>`;
      })
      .join('');
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>#${i.id} ${esc(i.title)} — OpsKnight</title>
<style>body{font:15px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;max-width:860px;margin:32px auto;padding:0 16px;color:#1d1c1d}
.bar{border-left:6px solid ${COLOURS[i.urgency]};padding-left:14px}h1{margin:4px 0 12px;font-size:24px}
dl{display:grid;grid-template-columns:160px 1fr;gap:6px 12px}dt{color:#616061}table{border-collapse:collapse;width:100%;margin-top:12px}
td,th{border-bottom:1px solid #eee;padding:6px 8px;text-align:left;vertical-align:top}.badge{font-weight:700}</style></head><body>
<div class="bar"><div class="badge">${esc(i.urgency)} URGENCY</div><h1>#${i.id} ${esc(i.title)}</h1></div>
<dl><dt>Status</dt><dd>${esc(i.status)}</dd><dt>Service</dt><dd>${esc(i.serviceSlug)}</dd><dt>Urgency</dt><dd>${esc(i.urgency)}</dd>
<dt>Triggered</dt><dd>${esc(i.createdAt.toISOString())}</dd>
${i.components.length ? `<dt>Components</dt><dd>${esc(i.components.join(', '))}</dd>` : ''}
${i.snoozedUntil ? `<dt>Snoozed until</dt><dd>${esc(i.snoozedUntil.toISOString())}</dd>` : ''}
${i.resolutionNote ? `<dt>Resolution</dt><dd>${esc(i.resolutionNote)}</dd>` : ''}
${i.description ? `<dt>Description</dt><dd style="white-space:pre-wrap">${esc(i.description)}</dd>` : ''}</dl>
<h2>Timeline</h2><table><thead><tr><th>When</th><th>What</th><th>Who</th><th>Via</th><th></th></tr></thead><tbody>${rows}</tbody></table>
</body></html>`);
  });
  return router;
}
