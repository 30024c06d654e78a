// The incident model, as OpsKnight names it.

export const URGENCIES = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const INCIDENT_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'SNOOZED', 'RESOLVED'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const USER_STATUSES = ['ACTIVE', 'INACTIVE'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const EVENT_SOURCES = ['api', 'cli', 'slack', 'scheduler', 'alertmanager', 'events-v2'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export const TIMELINE_EVENT_TYPES = [
  'triggered',
  'acknowledged',
  'resolved',
  'snoozed',
  'woken',
  'escalated',
  'sla_breached',
  'note_added',
] as const;
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];

/** Who did something: a known OpsKnight user, a Slack user, a monitoring system or the scheduler. */
export interface Actor {
  name: string;
  userId?: number | null;
  /** An external reference, e.g. "slack:T123:U456" for a Slack user we could not map. */
  ref?: string | null;
}

export interface Service {
  id: number;
  slug: string;
  name: string;
  description: string;
  ackSlaMinutes: number;
  resolveSlaMinutes: number;
  /** Events API v2 routing key for this service. */
  integrationKey: string;
  createdAt: Date;
}

export interface User {
  id: number;
  name: string;
  email: string;
  status: UserStatus;
  createdAt: Date;
}

export interface Incident {
  id: number;
  title: string;
  description: string;
  serviceSlug: string;
  urgency: Urgency;
  status: IncidentStatus;
  components: string[];
  dedupKey: string | null;
  assignee: string | null;
  createdAt: Date;
  updatedAt: Date;
  triggeredBy: Actor;
  acknowledgedAt: Date | null;
  acknowledgedBy: Actor | null;
  resolvedAt: Date | null;
  resolvedBy: Actor | null;
  snoozedUntil: Date | null;
  snoozedBy: Actor | null;
  resolutionNote: string | null;
  /** How many triggers this incident absorbed (1 + deduplicated repeats). */
  triggerCount: number;
  lastTriggeredAt: Date;
}

export interface TimelineEvent {
  id: number;
  incidentId: number;
  type: TimelineEventType;
  at: Date;
  actor: Actor;
  source: EventSource;
  details: Record<string, unknown>;
}

/** How an incident is shown to people: "#42". */
export function incidentNumber(incident: Pick<Incident, 'id'>): string {
  return `#${incident.id}`;
}

export const URGENCY_RANK: Record<Urgency, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };
