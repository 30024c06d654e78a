// The transitions behind the card's "More actions" menu (issue 15): reassign, add responders,
// unacknowledge, reopen, change urgency. Pure functions of (incident, actor, time), in the same
// shape as incident.ts: a repeat is a no-op that says why; an impossible one throws.
import { InvalidTransitionError, ValidationError } from './errors.js';
import { formatDuration } from './duration.js';
import { changedOutcome, refuseTransition, unchanged, type TransitionOutcome } from './incident.js';
import { incidentNumber, type Actor, type Incident, type Urgency } from './model.js';

/** How long after its resolution an incident may be reopened (beyond it, trigger a new one). */
export const DEFAULT_REOPEN_WINDOW_MS = 24 * 3_600_000;
export const MAX_RESPONDERS = 50;

/** Two references to one person: the same OpsKnight user, the same external reference, or (with
 *  neither) the same name. */
export function samePerson(a: Actor, b: Actor): boolean {
  if (a.userId != null && b.userId != null) return a.userId === b.userId;
  if (a.ref && b.ref) return a.ref === b.ref;
  return a.name.trim().toLowerCase() === b.name.trim().toLowerCase();
}

const person = (p: Actor): Actor => ({ name: p.name, ...(p.userId != null ? { userId: p.userId } : {}), ...(p.ref ? { ref: p.ref } : {}) });

export function reassign(incident: Incident, actor: Actor, at: Date, to: Actor): TransitionOutcome {
  if (incident.status === 'RESOLVED') refuseTransition(incident, 'reassigned');
  if (!to.name.trim()) throw new ValidationError('Reassign to whom? A name is needed.', 'assignee');
  const current: Actor | null = incident.assignee ? { name: incident.assignee, ref: incident.assigneeRef } : null;
  if (current && samePerson(current, { name: to.name, ref: to.ref ?? null })) {
    return unchanged(incident, () => `Incident ${incidentNumber(incident)} is already assigned to ${incident.assignee}.`);
  }
  const next: Incident = { ...incident, assignee: to.name.trim(), assigneeRef: to.ref ?? null };
  return changedOutcome(next, 'reassigned', actor, at, { from: incident.assignee, to: person(to) });
}

export function addResponders(incident: Incident, actor: Actor, at: Date, people: readonly Actor[]): TransitionOutcome {
  if (incident.status === 'RESOLVED') refuseTransition(incident, 'given responders');
  if (!people.length) throw new ValidationError('Choose at least one person to add.', 'responders');
  const added: Actor[] = [];
  for (const p of people) {
    if (![...incident.responders, ...added].some((r) => samePerson(r, p))) added.push(person(p));
  }
  if (!added.length) {
    return unchanged(incident, () => `${people.map((p) => p.name).join(', ')} ${people.length === 1 ? 'is' : 'are'} already responding to incident ${incidentNumber(incident)}.`);
  }
  if (incident.responders.length + added.length > MAX_RESPONDERS) {
    throw new ValidationError(`An incident may have at most ${MAX_RESPONDERS} responders.`, 'responders');
  }
  return changedOutcome({ ...incident, responders: [...incident.responders, ...added] }, 'responders_added', actor, at, { added });
}

/** ACKNOWLEDGED → OPEN: the acknowledgement is withdrawn and escalation starts again. */
export function unacknowledge(incident: Incident, actor: Actor, at: Date): TransitionOutcome {
  if (incident.status === 'OPEN') return unchanged(incident, () => `Incident ${incidentNumber(incident)} is not acknowledged (it is OPEN).`);
  if (incident.status !== 'ACKNOWLEDGED') refuseTransition(incident, 'unacknowledged');
  const next: Incident = { ...incident, status: 'OPEN', acknowledgedAt: null, acknowledgedBy: null };
  return changedOutcome(next, 'unacknowledged', actor, at, {
    previous_status: incident.status,
    acknowledged_by: incident.acknowledgedBy?.name ?? null,
  });
}

/** RESOLVED → OPEN within the window after resolution; escalation and SLA timers start again. */
export function reopen(incident: Incident, actor: Actor, at: Date, windowMs = DEFAULT_REOPEN_WINDOW_MS): TransitionOutcome {
  if (incident.status !== 'RESOLVED') {
    return unchanged(incident, () => `Incident ${incidentNumber(incident)} is ${incident.status}, not resolved: there is nothing to reopen.`);
  }
  const resolvedAt = incident.resolvedAt ?? incident.updatedAt;
  if (at.getTime() - resolvedAt.getTime() > windowMs) {
    throw new InvalidTransitionError(
      `Incident ${incidentNumber(incident)} was resolved ${formatDuration(at.getTime() - resolvedAt.getTime())} ago; it can be reopened only within ${formatDuration(windowMs)} of its resolution. Trigger a new incident instead.`,
      { incident_id: incident.id, status: incident.status, action: 'reopen', window_ms: windowMs },
    );
  }
  const next: Incident = {
    ...incident,
    status: 'OPEN',
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    resolutionNote: null,
  };
  return changedOutcome(next, 'reopened', actor, at, {
    previous_status: incident.status,
    resolved_by: incident.resolvedBy?.name ?? null,
    resolved_at: resolvedAt.toISOString(),
  });
}

export function changeUrgency(incident: Incident, actor: Actor, at: Date, urgency: Urgency): TransitionOutcome {
  if (incident.status === 'RESOLVED') refuseTransition(incident, 'given another urgency');
  if (incident.urgency === urgency) return unchanged(incident, () => `Incident ${incidentNumber(incident)} is already ${urgency} urgency.`);
  return changedOutcome({ ...incident, urgency }, 'urgency_changed', actor, at, { from: incident.urgency, to: urgency });
}
