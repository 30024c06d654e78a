// Ports: what the domain needs from the outside world. src/store implements them on SQLite.
import type { IncidentDomainEvent } from './events.js';
import type { PendingTimelineEvent } from './incident.js';
import type { EscalationPolicy, EscalationState, EscalationStep } from './escalation.js';
import type { Actor, ChangeEvent, EventSource, Incident, IncidentContext, IncidentStatus, Service, TimelineEvent, Urgency, User, UserStatus } from './model.js';
import type { Rotation, Schedule, ScheduleOverride } from './schedule.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface NewService {
  slug: string;
  name: string;
  description: string;
  ackSlaMinutes: number;
  resolveSlaMinutes: number;
}

export type ServicePatch = Partial<Omit<NewService, 'slug'>>;

export interface ServiceRepository {
  list(): Service[];
  findBySlug(slug: string): Service | null;
  findByIntegrationKey(key: string): Service | null;
  insert(service: NewService, createdAt: Date): Service;
  update(slug: string, patch: ServicePatch): Service;
  remove(slug: string): void;
  countIncidents(slug: string): number;
}

export interface NewUser {
  name: string;
  email: string;
  status: UserStatus;
}

export interface UserRepository {
  list(): User[];
  get(id: number): User | null;
  findByEmail(email: string): User | null;
  insert(user: NewUser, createdAt: Date): User;
  update(id: number, patch: Partial<NewUser>): User;
}

export interface NewIncident {
  title: string;
  description: string;
  serviceSlug: string;
  urgency: Urgency;
  components: string[];
  dedupKey: string | null;
  assignee: string | null;
  createdAt: Date;
  triggeredBy: Actor;
  triggeredAt: Date;
  context: IncidentContext;
}

export interface IncidentFilter {
  status?: IncidentStatus[];
  serviceSlug?: string;
  /** Only incidents of these services (access: what a person may see); empty: none. */
  serviceSlugs?: readonly string[];
  urgency?: Urgency[];
  limit: number;
  offset: number;
  /** "newest" (default) lists most recent first; "triage" most urgent, then oldest first; "oldest" oldest first. */
  order?: 'newest' | 'triage' | 'oldest';
}

export interface IncidentRepository {
  insert(incident: NewIncident): Incident;
  get(id: number): Incident | null;
  save(incident: Incident): void;
  findUnresolvedByDedupKey(serviceSlug: string, dedupKey: string): Incident | null;
  /** The incident a request with this key created, if one did. */
  findByRequestKey(key: string): Incident | null;
  rememberRequestKey(key: string, incidentId: number, at: Date): void;
  list(filter: IncidentFilter): { incidents: Incident[]; total: number };
  appendEvent(incidentId: number, source: EventSource, event: PendingTimelineEvent): TimelineEvent;
  timeline(incidentId: number): TimelineEvent[];
  /** Ids of snoozed incidents whose snooze ended at or before `now`, earliest first. */
  dueSnoozes(now: Date, limit: number): number[];
  /** When the next snooze ends, if any. */
  nextSnoozeEnd(): Date | null;
}

export interface ScheduleRepository {
  list(): Schedule[];
  get(id: number): Schedule | null;
  findByName(name: string): Schedule | null;
  insert(name: string, timeZone: string, rotation: Rotation, at: Date): Schedule;
  remove(id: number): void;
  addOverride(scheduleId: number, userId: number, startsAt: Date, endsAt: Date): ScheduleOverride;
}

export interface PolicyRepository {
  list(): EscalationPolicy[];
  get(id: number): EscalationPolicy | null;
  findByName(name: string): EscalationPolicy | null;
  insert(name: string, steps: EscalationStep[], repeat: number, at: Date): EscalationPolicy;
  remove(id: number): void;
  /** Slugs of the services that use a policy. */
  servicesUsing(id: number): string[];
  forService(slug: string): EscalationPolicy | null;
  setForService(slug: string, policyId: number | null): void;
}

export type SlaKind = 'ack' | 'resolve';

export interface TimerRepository {
  escalation(incidentId: number): EscalationState | null;
  saveEscalation(state: EscalationState): void;
  dueEscalations(now: Date, limit: number): EscalationState[];
  nextEscalationAt(): Date | null;
  startSla(incidentId: number, ackDueAt: Date, resolveDueAt: Date): void;
  /** SLA targets missed by now and not yet recorded; the incident is still unacknowledged / unresolved. */
  dueSlaBreaches(now: Date, limit: number): { incidentId: number; kind: SlaKind; dueAt: Date }[];
  /** Marks a target missed, if it still is at `at` (not met, not already marked): whether it was.
   *  Checked in the write transaction, so each breach is recorded once however many daemons sweep. */
  markSlaBreached(incidentId: number, kind: SlaKind, at: Date): boolean;
  /** The target was met (acknowledged / resolved): its timer stops. */
  stopSla(incidentId: number, kind: SlaKind): void;
  nextSlaDueAt(): Date | null;
}

export type NewChangeEvent = Omit<ChangeEvent, 'id'>;

export interface ChangeRepository {
  insert(change: NewChangeEvent): ChangeEvent;
  /** A service's changes at or after `since`, newest first. */
  recent(serviceSlug: string, since: Date, limit: number): ChangeEvent[];
}

export interface Repositories {
  services: ServiceRepository;
  users: UserRepository;
  incidents: IncidentRepository;
  schedules: ScheduleRepository;
  policies: PolicyRepository;
  timers: TimerRepository;
  changes: ChangeRepository;
}

/** Runs work atomically: all of it commits, or none of it does. */
export interface UnitOfWork {
  run<T>(work: (repos: Repositories) => T): T;
  /** For work that only reads: a consistent snapshot without taking the write lock. */
  read<T>(work: (repos: Repositories) => T): T;
}

/** Receives domain events. inTransaction writes durable side effects (the Slack outbox) atomically
 *  with the change; afterCommit is told only once the change is committed, never for a rollback. */
export interface EventSubscriber {
  inTransaction?(events: readonly IncidentDomainEvent[], repos: Repositories): void;
  afterCommit?(events: readonly IncidentDomainEvent[]): void;
}
