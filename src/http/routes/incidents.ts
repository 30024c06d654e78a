// The incident API (bearer token): create, list, show, acknowledge, resolve, snooze, notes.
import { Router } from 'express';
import { z } from 'zod';
import { parseDuration } from '../../domain/duration.js';
import { ValidationError } from '../../domain/errors.js';
import type { IncidentService } from '../../domain/incident-service.js';
import { INCIDENT_STATUSES, URGENCIES, type Actor } from '../../domain/model.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Commit } from '../../store/group-commit.js';
import type { ChangeLog } from '../../domain/change-log.js';
import { changeJson, incidentJson, timelineEventJson } from '../incident-json.js';
import { incidentIdParam } from '../path-params.js';

const urgency = z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(URGENCIES));
const status = z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(INCIDENT_STATUSES));

const createBody = z.object({
  title: z.string().trim().min(1).max(500),
  service: z.string().trim().min(1),
  urgency,
  description: z.string().max(20_000).optional(),
  components: z.array(z.string().max(200)).max(50).optional(),
  dedup_key: z.string().max(255).optional(),
  assignee: z.string().max(255).optional(),
});

const listQuery = z.object({
  status: z.string().optional(),
  service: z.string().optional(),
  urgency: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const resolveBody = z.object({ note: z.string().max(10_000).optional() }).default({});
const snoozeBody = z
  .object({ duration: z.string().optional(), until: z.iso.datetime({ offset: true }).optional() })
  .refine((b) => (b.duration === undefined) !== (b.until === undefined), {
    message: 'Give either "duration" (e.g. 30m, 2h, 1h30m) or "until" (an ISO time), not both.',
  });
const noteBody = z.object({ text: z.string().trim().min(1).max(10_000) });
const urgencyBody = z.object({ urgency: z.string().transform((u) => u.toUpperCase()).pipe(z.enum(URGENCIES)) });

/** Splits "open,acknowledged" into validated values. */
function csv<T>(value: string | undefined, schema: z.ZodType<T>, field: string): T[] | undefined {
  if (!value) return undefined;
  return value.split(',').map((part) => {
    const parsed = schema.safeParse(part.trim());
    if (!parsed.success) throw new ValidationError(`${field}: "${part}" is not one of the allowed values.`, field);
    return parsed.data;
  });
}

const API_ACTOR: Actor = { name: 'API' };

/** POST /api/incidents, apart from any framework: validates the body, opens (or deduplicates) the
 *  incident in a group commit, and says what to answer. Errors are thrown (ZodError, DomainError). */
export function incidentCreator(incidents: IncidentService, commit: Commit, metrics: Metrics): (body: unknown) => Promise<{ status: 200 | 201; body: Record<string, unknown> }> {
  return async (raw) => {
    const body = createBody.parse(raw);
    const result = await commit(() =>
      incidents.trigger(
        {
          title: body.title,
          serviceSlug: body.service,
          urgency: body.urgency,
          description: body.description ?? null,
          components: body.components ?? [],
          dedupKey: body.dedup_key ?? null,
          assignee: body.assignee ?? null,
        },
        API_ACTOR,
        'api',
      ),
    );
    if (result.created) metrics.incidentsCreated.inc({ source: 'api' });
    return { status: result.created ? 201 : 200, body: { ...incidentJson(result.incident), deduplicated: !result.created } };
  };
}

export function incidentRoutes(incidents: IncidentService, commit: Commit, changes?: ChangeLog): Router {
  const router = Router();

  // POST / (create) is served by the endpoint table (src/http/endpoints.ts), through incidentCreator.
  router.get('/', (req, res) => {
    const q = listQuery.parse(req.query);
    const filter = {
      status: csv(q.status, status, 'status'),
      urgency: csv(q.urgency, urgency, 'urgency'),
      serviceSlug: q.service,
      limit: q.limit,
      offset: q.offset,
    };
    const { incidents: page, total } = incidents.list(filter);
    const next = q.offset + page.length < total ? q.offset + page.length : null;
    res.json({ incidents: page.map(incidentJson), total, limit: q.limit, offset: q.offset, next_offset: next });
  });

  router.get('/:id', (req, res) => {
    const { incident, timeline } = incidents.get(incidentIdParam(req.params));
    const recent = changes ? changes.forIncident(incident).map(changeJson) : [];
    res.json({ ...incidentJson(incident), recent_changes: recent, events: timeline.map(timelineEventJson) });
  });

  router.post('/:id/acknowledge', async (req, res) => {
    const id = incidentIdParam(req.params);
    const result = await commit(() => incidents.acknowledge(id, API_ACTOR, 'api'));
    res.json({ ...incidentJson(result.incident), changed: result.changed, message: result.reason ?? null });
  });

  router.post('/:id/resolve', async (req, res) => {
    const id = incidentIdParam(req.params);
    const body = resolveBody.parse(req.body ?? {});
    const result = await commit(() => incidents.resolve(id, API_ACTOR, 'api', body.note ?? null));
    res.json({ ...incidentJson(result.incident), changed: result.changed, message: result.reason ?? null });
  });

  router.post('/:id/snooze', async (req, res) => {
    const id = incidentIdParam(req.params);
    const body = snoozeBody.parse(req.body);
    const duration = body.duration ? parseDuration(body.duration) : null;
    const result = await commit(() =>
      duration !== null
        ? incidents.snoozeFor(id, API_ACTOR, 'api', duration)
        : incidents.snooze(id, API_ACTOR, 'api', new Date(body.until!)),
    );
    res.json({ ...incidentJson(result.incident), changed: result.changed, message: result.reason ?? null });
  });

  // The card's ⋯ actions that need no one picked: unacknowledge, reopen (within the reopen window), urgency.
  router.post('/:id/unacknowledge', async (req, res) => {
    const id = incidentIdParam(req.params);
    const result = await commit(() => incidents.unacknowledge(id, API_ACTOR, 'api'));
    res.json({ ...incidentJson(result.incident), changed: result.changed, message: result.reason ?? null });
  });

  router.post('/:id/reopen', async (req, res) => {
    const id = incidentIdParam(req.params);
    const result = await commit(() => incidents.reopen(id, API_ACTOR, 'api'));
    res.json({ ...incidentJson(result.incident), changed: result.changed, message: result.reason ?? null });
  });

  router.post('/:id/urgency', async (req, res) => {
    const id = incidentIdParam(req.params);
    const body = urgencyBody.parse(req.body);
    const result = await commit(() => incidents.changeUrgency(id, API_ACTOR, 'api', body.urgency));
    res.json({ ...incidentJson(result.incident), changed: result.changed, message: result.reason ?? null });
  });

  router.post('/:id/notes', async (req, res) => {
    const id = incidentIdParam(req.params);
    const body = noteBody.parse(req.body);
    const result = await commit(() => incidents.addNote(id, API_ACTOR, 'api', body.text));
    res.status(201).json(incidentJson(result.incident));
  });

  return router;
}
