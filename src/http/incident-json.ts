// The incident JSON contract (DESIGN.md): snake_case, ISO times, null for "not yet".
import type { Actor, Incident, TimelineEvent } from '../domain/model.js';

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
  };
}

export function timelineEventJson(e: TimelineEvent) {
  return { type: e.type, at: e.at.toISOString(), actor: e.actor.name, source: e.source, details: e.details };
}
