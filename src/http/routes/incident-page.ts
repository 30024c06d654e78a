// GET /incidents/:id — the readable page Slack's View button opens. Signed link (or the API token)
// required; the page itself is drawn by views/incident-page-view.ts.
import { Router } from 'express';
import type { IncidentService } from '../../domain/incident-service.js';
import { DomainError } from '../../domain/errors.js';
import type { IncidentLinks } from '../incident-links.js';
import { renderIncidentPage } from '../views/incident-page-view.js';

export function incidentPageRoutes(incidents: IncidentService, links: IncidentLinks, apiToken: () => string): Router {
  const router = Router();
  router.get('/incidents/:id', (req, res) => {
    const id = Number(req.params.id);
    const bearer = /^Bearer\s+(\S+)/i.exec(req.get('authorization') ?? '')?.[1];
    const notFound = () => res.status(404).type('html').send('<!doctype html><title>Not found</title><h1>No such incident</h1>');
    if (!Number.isInteger(id) || id <= 0) return void notFound();
    if (!links.verify(id, req.query.t) && bearer !== apiToken()) return void notFound();
    let data;
    try {
      data = incidents.get(id);
    } catch (err) {
      if (err instanceof DomainError) return void notFound();
      throw err;
    }
    res.type('html').send(renderIncidentPage(data, new Date()));
  });
  return router;
}
