// Every incident state transition lives here, as pure functions of (incident, actor, time).
// A repeated transition is a no-op that says why; an impossible one throws InvalidTransitionError.
import { InvalidTransitionError, ValidationError } from './errors.js';
import type { Actor, Incident, IncidentContext, IncidentStatus, TimelineEventType } from './model.js';
import { incidentNumber } from './model.js';
import { cleanText } from './text.js';

export const MAX_TITLE_LENGTH = 500;
export const MAX_NOTE_LENGTH = 10_000;
/** The longest snooze: past it, an incident is forgotten rather than snoozed. */
export const MAX_SNOOZE_DAYS = 30;
const MAX_SNOOZE_MS = MAX_SNOOZE_DAYS * 86_400_000;

/** Why a snooze from `at` until `until` is not allowed, or null: the one rule every entry point uses. */
export function snoozeEndProblem(at: Date, until: Date): string | null {
  if (!(until.getTime() > at.getTime())) return 'A snooze must end in the future.';
  if (until.getTime() - at.getTime() > MAX_SNOOZE_MS) {
    return `A snooze may last at most ${MAX_SNOOZE_DAYS} days (until ${new Date(at.getTime() + MAX_SNOOZE_MS).toISOString()}); resolve the incident if it needs no attention for longer.`;
  }
  return null;
}

/** What a transition produced: the new state and the timeline entry to record, or why nothing changed. */
export type TransitionOutcome =
  | { changed: true; incident: Incident; event: PendingTimelineEvent }
  | { changed: false; incident: Incident; reason: string; explain: Explain };

/** How an adapter words a moment: ("at", t) → "at 2026-…Z" for the API, "5 minutes ago (14:02)" in the
 *  CLI, a Slack date token in Slack. */
export type TimePhrase = (at: Date, preposition: 'at' | 'until') => string;
/** A "why nothing changed" with its times left to the reader's adapter. */
export type Explain = (time: TimePhrase) => string;

export const isoPhrase: TimePhrase = (at, preposition) => `${preposition} ${at.toISOString()}`;

export function unchanged(incident: Incident, explain: Explain): TransitionOutcome {
  return { changed: false, incident, reason: explain(isoPhrase), explain };
}

export interface PendingTimelineEvent {
  type: TimelineEventType;
  at: Date;
  actor: Actor;
  details: Record<string, unknown>;
}

function describeWho(actor: Actor | null, at: Date | null, time: TimePhrase = isoPhrase): string {
  const who = actor?.name ?? 'someone';
  return at ? `${who} ${time(at, 'at')}` : who;
}

/** Throws: the incident's state does not allow the action (said with who resolved it, if resolved). */
export function refuseTransition(incident: Incident, action: string): never {
  const explain: Explain = (time) => {
    const by = incident.status === 'RESOLVED' ? ` (resolved by ${describeWho(incident.resolvedBy, incident.resolvedAt, time)})` : '';
    return `Incident ${incidentNumber(incident)} is ${incident.status}${by}; it cannot be ${action}.`;
  };
  throw new InvalidTransitionError(explain(isoPhrase), { incident_id: incident.id, status: incident.status, action }, explain);
}

export function changedOutcome(incident: Incident, type: TimelineEventType, actor: Actor, at: Date, details = {}): TransitionOutcome {
  return { changed: true, incident: { ...incident, updatedAt: at }, event: { type, at, actor, details } };
}

export function acknowledge(incident: Incident, actor: Actor, at: Date): TransitionOutcome {
  if (incident.status === 'ACKNOWLEDGED') {
    return unchanged(
      incident,
      (time) => `Incident ${incidentNumber(incident)} was already acknowledged by ${describeWho(incident.acknowledgedBy, incident.acknowledgedAt, time)}.`,
    );
  }
  if (incident.status === 'RESOLVED') refuseTransition(incident, 'acknowledged');
  const next: Incident = {
    ...incident,
    status: 'ACKNOWLEDGED',
    acknowledgedAt: at,
    acknowledgedBy: actor,
    snoozedUntil: null,
    snoozedBy: null,
  };
  return changedOutcome(next, 'acknowledged', actor, at, { previous_status: incident.status });
}

export function resolve(incident: Incident, actor: Actor, at: Date, note?: string | null): TransitionOutcome {
  if (incident.status === 'RESOLVED') {
    return unchanged(
      incident,
      (time) => `Incident ${incidentNumber(incident)} was already resolved by ${describeWho(incident.resolvedBy, incident.resolvedAt, time)}.`,
    );
  }
  const cleanNote = normaliseNote(note);
  const next: Incident = {
    ...incident,
    status: 'RESOLVED',
    resolvedAt: at,
    resolvedBy: actor,
    resolutionNote: cleanNote,
    snoozedUntil: null,
    snoozedBy: null,
  };
  const details: Record<string, unknown> = {
    previous_status: incident.status,
    // From when the problem started (the alert's start), not from when we heard of it.
    time_to_resolve_ms: at.getTime() - incident.triggeredAt.getTime(),
  };
  if (cleanNote) details.note = cleanNote;
  return changedOutcome(next, 'resolved', actor, at, details);
}

export function snooze(incident: Incident, actor: Actor, at: Date, until: Date): TransitionOutcome {
  if (incident.status === 'RESOLVED') refuseTransition(incident, 'snoozed');
  const problem = snoozeEndProblem(at, until);
  if (problem) throw new ValidationError(problem, 'until');
  if (incident.status === 'SNOOZED' && incident.snoozedUntil?.getTime() === until.getTime()) {
    return unchanged(incident, (time) => `Incident ${incidentNumber(incident)} is already snoozed ${time(until, 'until')}.`);
  }
  const next: Incident = { ...incident, status: 'SNOOZED', snoozedUntil: until, snoozedBy: actor };
  return changedOutcome(next, 'snoozed', actor, at, {
    previous_status: incident.status,
    until: until.toISOString(),
    duration_ms: until.getTime() - at.getTime(),
  });
}

/** SNOOZED → OPEN, when the snooze ran out (scheduler) or someone un-snoozes it. */
export function wake(incident: Incident, actor: Actor, at: Date): TransitionOutcome {
  if (incident.status !== 'SNOOZED') {
    return unchanged(incident, () => `Incident ${incidentNumber(incident)} is ${incident.status}, not snoozed.`);
  }
  const next: Incident = { ...incident, status: 'OPEN', snoozedUntil: null, snoozedBy: null };
  return changedOutcome(next, 'woken', actor, at, { snoozed_until: incident.snoozedUntil?.toISOString() ?? null });
}

/** Where a note came from, when it quotes a message (the "Add to incident timeline" shortcut). */
export interface NoteOrigin {
  /** A link to the message (a Slack permalink). */
  link?: string | null;
  /** Who wrote the message. */
  author?: Actor | null;
}

export function addNote(incident: Incident, actor: Actor, at: Date, text: string, origin: NoteOrigin = {}): TransitionOutcome {
  const note = normaliseNote(text);
  if (!note) throw new ValidationError('A note needs some text.', 'text');
  const details: Record<string, unknown> = { text: note };
  if (origin.link) details.link = origin.link;
  if (origin.author) details.author = origin.author;
  return changedOutcome(incident, 'note_added', actor, at, details);
}

/** A deduplicated repeat of the trigger: counted on the incident, no new incident, no timeline entry.
 *  A repeat that brings context (links, labels, alert counts) replaces the older context. */
export function countRepeatTrigger(incident: Incident, at: Date, context?: IncidentContext): Incident {
  return { ...incident, triggerCount: incident.triggerCount + 1, lastTriggeredAt: at, updatedAt: at, ...(context ? { context } : {}) };
}

export function isOpenLike(status: IncidentStatus): boolean {
  return status !== 'RESOLVED';
}

function normaliseNote(note: string | null | undefined): string | null {
  const trimmed = note ? cleanText(note) : '';
  if (!trimmed) return null;
  if (trimmed.length > MAX_NOTE_LENGTH) {
    throw new ValidationError(`A note may be at most ${MAX_NOTE_LENGTH} characters.`, 'note');
  }
  return trimmed;
}
