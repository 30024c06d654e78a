// GET /incidents/:id — the readable page Slack's View button opens. Signed link (or the API token)
// required; the page itself is drawn by views/incident-page-view.ts.
import { Router } from 'express';
import type { IncidentService } from '../../domain/incident-service.js';
import { DomainError } from '../../domain/errors.js';
import { systemClock, type Clock } from '../../domain/ports.js';
import { bearerCheck } from '../auth.js';
import type { IncidentLinks } from '../incident-links.js';
import { parseIncidentId } from '../path-params.js';
import { renderIncidentPage } from '../views/incident-page-view.js';

const EXPIRED_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Link expired — OpsKnight</title></head><body style="font:15px/1.5 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;max-width:640px;margin:48px auto;padding:0 16px">
<h1>This link has expired</h1><p>Links to incident pages work for a limited time. For a fresh one, go back to Slack:
pressing the incident's <b>View in OpsKnight</b> button there sends you a fresh link privately (so does <code>/opsknight incidents</code>).</p></body></html>`;

export function incidentPageRoutes(incidents: IncidentService, links: IncidentLinks, apiToken: () => string, clock: Clock = systemClock): Router {
  const router = Router();
  const bearerOk = bearerCheck(apiToken);
  router.get('/incidents/:id', (req, res) => {
    const id = parseIncidentId(req.params.id);
    const notFound = () => res.status(404).type('html').send('<!doctype html><title>Not found</title><h1>No such incident</h1>');
    if (id === null) return void notFound();
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
    res.type('html').send(renderIncidentPage(data, clock.now()));
  });
  return router;
}
