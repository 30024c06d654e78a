// The incident JSON contract (DESIGN.md): snake_case, ISO times, null for "not yet".
import type { Actor, ChangeEvent, Incident, TimelineEvent } from '../domain/model.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const actorName = (a: Actor | null): string | null => a?.name ?? null;

export function incidentJson(i: Incident) {
  return {
    id: i.id,
    number: `#${i.id}`,
    title: i.title,
    description: i.description,
    service: i.serviceSlug,
    urgency: i.urgency,
    status: i.status,
    components: i.components,
    dedup_key: i.dedupKey,
    assignee: i.assignee,
    responders: i.responders.map((r) => r.name),
    /** When the problem started (the alert's startsAt / timestamp); created_at is when we received it. */
    triggered_at: iso(i.triggeredAt),
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    triggered_by: actorName(i.triggeredBy),
    acknowledged_at: iso(i.acknowledgedAt),
    acknowledged_by: actorName(i.acknowledgedBy),
    resolved_at: iso(i.resolvedAt),
    resolved_by: actorName(i.resolvedBy),
    snoozed_until: iso(i.snoozedUntil),
    resolution_note: i.resolutionNote,
    trigger_count: i.triggerCount,
    links: i.context.links.map((l) => ({ text: l.text, href: l.href })),
    labels: i.context.labels,
    details: i.context.details,
    /** Set when Alertmanager left alerts out: how many fired, how many it sent. */
    alert_counts: i.context.alertCounts,
  };
}

export function changeJson(c: ChangeEvent) {
  return { id: c.id, service: c.serviceSlug, summary: c.summary, source: c.source, at: c.at.toISOString(), received_at: c.receivedAt.toISOString(), details: c.details, links: c.links };
}

export function timelineEventJson(e: TimelineEvent) {
  return { type: e.type, at: e.at.toISOString(), actor: e.actor.name, source: e.source, details: e.details };
}
