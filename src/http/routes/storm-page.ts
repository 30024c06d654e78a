// GET /storms/:id — the page a storm card's "and 9,950 more" opens: every incident of the storm, most
// urgent and oldest first, each with Acknowledge / Resolve. Signed link required, like the incident page.
import { Router, type Request, type Response } from 'express';
import type { IncidentService } from '../../domain/incident-service.js';
import type { Actor, Incident } from '../../domain/model.js';
import type { StormRepo } from '../../store/storm-repo.js';
import type { IncidentLinks } from '../incident-links.js';
import { escapeHtml } from '../../shared/escape-html.js';
import { parseIncidentId } from '../path-params.js';

const esc = escapeHtml;
const COLOURS = { HIGH: '#E01E5A', MEDIUM: '#ECB22E', LOW: '#1264A3' } as const;
const n = (x: number) => x.toLocaleString('en-US');
/** Who acted, on the timeline, for a click on this page (it is opened from Slack without a login). */
const PAGE_ACTOR: Actor = { name: 'someone with the storm page link' };

export interface StormPageDeps {
  incidents: IncidentService;
  storms: StormRepo;
  links: IncidentLinks;
  /** Runs a write (group commit); default: now. */
  commit?: <T>(work: () => T) => Promise<T>;
}

const notFound = (res: Response) => res.status(404).type('html').send('<!doctype html><title>Not found</title><h1>No such storm</h1>');
const expired = (res: Response) =>
  res.status(410).type('html').send('<!doctype html><title>Link expired</title><h1>This storm page link has expired</h1><p>Open the storm card in Slack again for a fresh link.</p>');

/** The link's query (expiry and signature), carried by the page's forms. */
const linkQuery = (q: { e?: unknown; t?: unknown }) => `e=${encodeURIComponent(String(q.e))}&t=${encodeURIComponent(String(q.t))}`;

function row(i: Incident, deps: StormPageDeps, stormId: number, query: string): string {
  const act = (what: 'acknowledge' | 'resolve', label: string) =>
    `<form method="post" action="/storms/${stormId}/incidents/${i.id}/${what}?${esc(query)}"><button>${label}</button></form>`;
  const actions = [i.status === 'OPEN' || i.status === 'SNOOZED' ? act('acknowledge', 'Acknowledge') : '', i.status !== 'RESOLVED' ? act('resolve', 'Resolve') : ''].join('');
  return `<tr><td><span class="u" style="background:${COLOURS[i.urgency]}"></span>${esc(i.urgency)}</td><td><a href="${esc(deps.links.url(i.id))}">#${i.id}</a> ${esc(i.title)}</td><td>${esc(i.serviceSlug)}</td><td>${esc(i.status.toLowerCase())}</td><td><time datetime="${i.createdAt.toISOString()}">${esc(i.createdAt.toISOString().replace('T', ' ').slice(0, 19))} UTC</time></td><td class="a">${actions}</td></tr>`;
}

export function stormPageRoutes(deps: StormPageDeps): Router {
  const router = Router();
  /** The storm's id when the link is good; otherwise the page saying why (404 forged, 410 expired). */
  const stormId = (req: Request, res: Response): number | null => {
    const id = parseIncidentId(req.params.id);
    const check = id !== null ? deps.links.checkStorm(id, req.query.e, req.query.t) : 'invalid';
    if (check === 'valid') return id;
    if (check === 'expired') expired(res);
    else notFound(res);
    return null;
  };
  router.get('/storms/:id', (req, res) => {
    const id = stormId(req, res);
    if (id === null) return;
    const counts = deps.storms.counts(id);
    if (counts.total === 0) return void notFound(res);
    const rows = deps.storms
      .incidentIds(id)
      .map((iid) => row(deps.incidents.get(iid).incident, deps, id, linkQuery(req.query)))
      .join('');
    const states = Object.entries(counts.byStatus).filter(([, c]) => c).map(([s, c]) => `${n(c)} ${s.toLowerCase()}`).join(' · ');
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Alert storm: ${n(counts.total)} incidents — OpsKnight</title>
<style>body{font:15px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;max-width:1100px;margin:32px auto;padding:0 16px;color:#1d1c1d}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:5px 8px;text-align:left;vertical-align:top}
.u{display:inline-block;width:8px;height:8px;border-radius:4px;margin-right:6px}.a form{display:inline;margin-right:4px}</style></head><body>
<h1>Alert storm: ${n(counts.total)} incidents</h1><p>${esc(states)}</p>
<table><thead><tr><th>Urgency</th><th>Incident</th><th>Service</th><th>State</th><th>Triggered</th><th></th></tr></thead><tbody>${rows}</tbody></table>
</body></html>`);
  });
  router.post('/storms/:id/incidents/:incident/:action', async (req, res) => {
    const id = stormId(req, res);
    if (id === null) return;
    const incidentId = parseIncidentId(req.params.incident);
    const action = req.params.action;
    if ((action !== 'acknowledge' && action !== 'resolve') || incidentId === null || !deps.storms.incidentIds(id).includes(incidentId)) return void notFound(res);
    const work = () => (action === 'acknowledge' ? deps.incidents.acknowledge(incidentId, PAGE_ACTOR, 'api') : deps.incidents.resolve(incidentId, PAGE_ACTOR, 'api'));
    await (deps.commit ? deps.commit(work) : work());
    res.redirect(303, `/storms/${id}?${linkQuery(req.query)}`);
  });
  return router;
}
