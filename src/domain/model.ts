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
  // More actions on the card (issue 15).
  'reassigned',
  'responders_added',
  'unacknowledged',
  'reopened',
  'urgency_changed',
] as const;
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];

/** Who did something: a known OpsKnight user, a Slack user, a monitoring system or the scheduler. */
export interface Actor {
  name: string;
  userId?: number | null;
  /** An external reference, e.g. "slack:T123:U456" for a Slack user we could not map. */
  ref?: string | null;
  /** The owning team, when the person acted on an incident of a team they are not on. */
  outsideTeam?: string | null;
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
  /** Who the assignee is beyond a name (e.g. "slack:T123:U456"), so Slack can mention them. */
  assigneeRef: string | null;
  /** People asked to help, beside the assignee; each at most once. */
  responders: Actor[];
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
  /** When the problem started, as the monitoring tool says (Alertmanager startsAt, Events v2
   *  payload.timestamp); createdAt is when we received it. Equal to createdAt when nobody said. */
  triggeredAt: Date;
  /** What the monitoring tool sent beside the title: links, labels, details. */
  context: IncidentContext;
}

/** A link that came with the alert (runbook, dashboard, source graph, a ready silence…). */
export interface IncidentLink {
  text: string;
  href: string;
}

export interface IncidentContext {
  links: IncidentLink[];
  /** Alert labels (Alertmanager), shown as key=value chips. */
  labels: Record<string, string>;
  /** Annotations beyond summary/description, Events v2 custom_details: key → readable text. */
  details: Record<string, string>;
  /** Alertmanager left alerts out of the notification (max_alerts): how many fired, how many it sent. */
  alertCounts: { firing: number; sent: number } | null;
}

export const EMPTY_CONTEXT: IncidentContext = { links: [], labels: {}, details: {}, alertCounts: null };

/** A change (deploy, config change…) reported for a service, e.g. by PagerDuty Change Events. */
export interface ChangeEvent {
  id: number;
  serviceSlug: string;
  summary: string;
  source: string | null;
  /** When the change happened (the sender's timestamp), and when we received it. */
  at: Date;
  receivedAt: Date;
  details: Record<string, string>;
  links: IncidentLink[];
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
