import type { PendingTimelineEvent } from '../domain/incident.js';
import { EMPTY_CONTEXT, type Actor, type EventSource, type Incident, type IncidentContext, type IncidentStatus, type TimelineEvent, type TimelineEventType, type Urgency } from '../domain/model.js';
import type { IncidentFilter, IncidentRepository, NewIncident } from '../domain/ports.js';
import { prepared, type Db } from './db.js';

interface IncidentRow {
  id: number;
  title: string;
  description: string;
  service_slug: string;
  urgency: Urgency;
  status: IncidentStatus;
  components: string;
  dedup_key: string | null;
  assignee: string | null;
  assignee_ref: string | null;
  responders: string;
  created_at: number;
  updated_at: number;
  triggered_by: string;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  resolved_at: number | null;
  resolved_by: string | null;
  snoozed_until: number | null;
  snoozed_by: string | null;
  resolution_note: string | null;
  trigger_count: number;
  last_triggered_at: number;
  triggered_at: number | null;
  context: string;
}

interface EventRow {
  id: number;
  incident_id: number;
  type: TimelineEventType;
  at: number;
  actor: string;
  source: EventSource;
  details: string;
}

const SELECT_INCIDENT = 'SELECT i.*, s.slug AS service_slug FROM incidents i JOIN services s ON s.id = i.service_id';

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());
const actor = (json: string | null): Actor | null => (json === null ? null : (JSON.parse(json) as Actor));
const actorJson = (a: Actor | null): string | null => (a === null ? null : JSON.stringify(a));
/** Rows written before migration 005 have '{}': every part defaults. */
const context = (json: string): IncidentContext => ({ ...EMPTY_CONTEXT, ...(JSON.parse(json) as Partial<IncidentContext>) });

function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    serviceSlug: r.service_slug,
    urgency: r.urgency,
    status: r.status,
    components: JSON.parse(r.components) as string[],
    dedupKey: r.dedup_key,
    assignee: r.assignee,
    assigneeRef: r.assignee_ref,
    responders: JSON.parse(r.responders) as Actor[],
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    triggeredBy: actor(r.triggered_by)!,
    acknowledgedAt: date(r.acknowledged_at),
    acknowledgedBy: actor(r.acknowledged_by),
    resolvedAt: date(r.resolved_at),
    resolvedBy: actor(r.resolved_by),
    snoozedUntil: date(r.snoozed_until),
    snoozedBy: actor(r.snoozed_by),
    resolutionNote: r.resolution_note,
    triggerCount: r.trigger_count,
    lastTriggeredAt: new Date(r.last_triggered_at),
    triggeredAt: new Date(r.triggered_at ?? r.created_at),
    context: context(r.context),
  };
}

export class SqliteIncidentRepo implements IncidentRepository {
  constructor(private readonly db: Db) {}

  insert(n: NewIncident): Incident {
    const { id } = prepared(this.db,
        `INSERT INTO incidents (title, description, service_id, urgency, status, components, dedup_key, assignee,
           created_at, updated_at, triggered_by, last_triggered_at, triggered_at, context)
         VALUES (?, ?, (SELECT id FROM services WHERE slug = ?), ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(
        n.title,
        n.description,
        n.serviceSlug,
        n.urgency,
        JSON.stringify(n.components),
        n.dedupKey,
        n.assignee,
        n.createdAt.getTime(),
        n.createdAt.getTime(),
        actorJson(n.triggeredBy),
        n.createdAt.getTime(),
        n.triggeredAt.getTime(),
        JSON.stringify(n.context),
      ) as { id: number };
    return this.get(id)!;
  }

  findByRequestKey(key: string): Incident | null {
    const row = prepared(this.db, 'SELECT incident_id FROM incident_request_keys WHERE request_key = ?').get(key) as { incident_id: number } | undefined;
    return row ? this.get(row.incident_id) : null;
  }

  rememberRequestKey(key: string, incidentId: number, at: Date): void {
    prepared(this.db, 'INSERT INTO incident_request_keys (request_key, incident_id, created_at) VALUES (?, ?, ?)').run(key, incidentId, at.getTime());
  }

  get(id: number): Incident | null {
    const row = prepared(this.db, `${SELECT_INCIDENT} WHERE i.id = ?`).get(id) as IncidentRow | undefined;
    return row ? toIncident(row) : null;
  }

  save(i: Incident): void {
    prepared(this.db, 
        `UPDATE incidents SET title = ?, description = ?, urgency = ?, status = ?, components = ?, assignee = ?,
           updated_at = ?, acknowledged_at = ?, acknowledged_by = ?, resolved_at = ?, resolved_by = ?,
           snoozed_until = ?, snoozed_by = ?, resolution_note = ?, trigger_count = ?, last_triggered_at = ?, context = ?,
           assignee_ref = ?, responders = ?
         WHERE id = ?`,
      )
      .run(
        i.title,
        i.description,
        i.urgency,
        i.status,
        JSON.stringify(i.components),
        i.assignee,
        i.updatedAt.getTime(),
        ms(i.acknowledgedAt),
        actorJson(i.acknowledgedBy),
        ms(i.resolvedAt),
        actorJson(i.resolvedBy),
        ms(i.snoozedUntil),
        actorJson(i.snoozedBy),
        i.resolutionNote,
        i.triggerCount,
        i.lastTriggeredAt.getTime(),
        JSON.stringify(i.context),
        i.assigneeRef,
        JSON.stringify(i.responders),
        i.id,
      );
  }

  findUnresolvedByDedupKey(serviceSlug: string, dedupKey: string): Incident | null {
    const row = prepared(this.db, `${SELECT_INCIDENT} WHERE s.slug = ? AND i.dedup_key = ? AND i.status <> 'RESOLVED'`)
      .get(serviceSlug, dedupKey) as IncidentRow | undefined;
    return row ? toIncident(row) : null;
  }

  list(f: IncidentFilter): { incidents: Incident[]; total: number } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (f.status?.length) {
      where.push(`i.status IN (${f.status.map(() => '?').join(', ')})`);
      params.push(...f.status);
    }
    if (f.urgency?.length) {
      where.push(`i.urgency IN (${f.urgency.map(() => '?').join(', ')})`);
      params.push(...f.urgency);
    }
    if (f.serviceSlug) {
      where.push('s.slug = ?');
      params.push(f.serviceSlug);
    }
    if (f.serviceSlugs) {
      where.push(f.serviceSlugs.length ? `s.slug IN (${f.serviceSlugs.map(() => '?').join(', ')})` : '0');
      params.push(...f.serviceSlugs);
    }
    const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const order =
      f.order === 'triage'
        ? `CASE i.urgency WHEN 'HIGH' THEN 0 WHEN 'MEDIUM' THEN 1 ELSE 2 END, i.created_at, i.id`
        : f.order === 'oldest'
          ? 'i.created_at, i.id'
          : 'i.id DESC';
    const rows = prepared(this.db, `${SELECT_INCIDENT}${clause} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...params, f.limit, f.offset) as IncidentRow[];
    const { n } = prepared(this.db, `SELECT count(*) AS n FROM incidents i JOIN services s ON s.id = i.service_id${clause}`)
      .get(...params) as { n: number };
    return { incidents: rows.map(toIncident), total: n };
  }

  appendEvent(incidentId: number, source: EventSource, e: PendingTimelineEvent): TimelineEvent {
    const { id } = prepared(this.db, 'INSERT INTO incident_events (incident_id, type, at, actor, source, details) VALUES (?, ?, ?, ?, ?, ?) RETURNING id')
      .get(incidentId, e.type, e.at.getTime(), actorJson(e.actor), source, JSON.stringify(e.details)) as { id: number };
    return { id, incidentId, type: e.type, at: e.at, actor: e.actor, source, details: e.details };
  }

  dueSnoozes(now: Date, limit: number): number[] {
    return (
      prepared(this.db, "SELECT id FROM incidents WHERE status = 'SNOOZED' AND snoozed_until <= ? ORDER BY snoozed_until, id LIMIT ?").all(
        now.getTime(),
        limit,
      ) as { id: number }[]
    ).map((r) => r.id);
  }

  nextSnoozeEnd(): Date | null {
    const row = prepared(this.db, "SELECT min(snoozed_until) AS at FROM incidents WHERE status = 'SNOOZED'").get() as { at: number | null };
    return row.at === null ? null : new Date(row.at);
  }

  timeline(incidentId: number): TimelineEvent[] {
    const rows = prepared(this.db, 'SELECT * FROM incident_events WHERE incident_id = ? ORDER BY id')
      .all(incidentId) as EventRow[];
    return rows.map((r) => ({
      id: r.id,
      incidentId: r.incident_id,
      type: r.type,
      at: new Date(r.at),
      actor: JSON.parse(r.actor) as Actor,
      source: r.source,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  }
}
