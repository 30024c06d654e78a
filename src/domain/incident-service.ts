// Use cases on incidents: each runs in one transaction, records its timeline event, and emits
// domain events to subscribers (inside the transaction, then after commit).
import { NotFoundError, UnknownServiceError, ValidationError } from './errors.js';
import type { IncidentDomainEvent } from './events.js';
import * as cardActions from './card-actions.js';
import * as transitions from './incident.js';
import type { TransitionOutcome } from './incident.js';
import { EMPTY_CONTEXT, type Actor, type EventSource, type Incident, type Urgency } from './model.js';
import type { Clock, EventSubscriber, IncidentFilter, Repositories, UnitOfWork } from './ports.js';
import { cleanText } from './text.js';

export type { CommandResult, IncidentWithTimeline, TriggerInput, TriggerResult } from './incident-commands.js';
import type { CommandResult, IncidentWithTimeline, TriggerInput, TriggerResult } from './incident-commands.js';

export class IncidentService {
  private readonly subscribers: EventSubscriber[] = [];
  /** Events of an open atomically() batch, announced after its commit. */
  private committedLater: IncidentDomainEvent[] | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly options: { reopenWindowMs?: number } = {},
  ) {}

  subscribe(subscriber: EventSubscriber): () => void {
    this.subscribers.push(subscriber);
    return () => {
      const i = this.subscribers.indexOf(subscriber);
      if (i >= 0) this.subscribers.splice(i, 1);
    };
  }

  trigger(input: TriggerInput, actor: Actor, source: EventSource): TriggerResult {
    const title = cleanText(input.title);
    if (!title) throw new ValidationError('An incident needs a title.', 'title');
    if (title.length > transitions.MAX_TITLE_LENGTH) {
      throw new ValidationError(`A title may be at most ${transitions.MAX_TITLE_LENGTH} characters.`, 'title');
    }
    return this.transact((repos, emit) => {
      const service = repos.services.findBySlug(input.serviceSlug);
      if (!service) throw new UnknownServiceError(input.serviceSlug, repos.services.list().map((s) => s.slug));
      const now = this.clock.now();
      const requestKey = input.requestKey || null;
      const earlier = requestKey ? repos.incidents.findByRequestKey(requestKey) : null;
      if (earlier) return { incident: earlier, created: false, replayed: true };
      const dedupKey = input.dedupKey?.trim() || null;
      if (dedupKey) {
        const existing = repos.incidents.findUnresolvedByDedupKey(service.slug, dedupKey);
        if (existing) {
          const repeated = transitions.countRepeatTrigger(existing, now, input.context);
          repos.incidents.save(repeated);
          if (requestKey) repos.incidents.rememberRequestKey(requestKey, repeated.id, now);
          return { incident: repeated, created: false };
        }
      }
      const incident = repos.incidents.insert({
        title,
        description: cleanText(input.description ?? ''),
        serviceSlug: service.slug,
        urgency: input.urgency,
        components: [...new Set((input.components ?? []).map(cleanText).filter(Boolean))],
        dedupKey,
        assignee: cleanText(input.assignee ?? '') || null,
        createdAt: now,
        triggeredBy: actor,
        triggeredAt: input.triggeredAt && input.triggeredAt.getTime() <= now.getTime() ? input.triggeredAt : now,
        context: input.context ?? EMPTY_CONTEXT,
      });
      const details: Record<string, unknown> = { urgency: incident.urgency, service: incident.serviceSlug };
      if (input.note) details.note = input.note;
      const timelineEvent = repos.incidents.appendEvent(incident.id, source, { type: 'triggered', at: now, actor, details });
      if (requestKey) repos.incidents.rememberRequestKey(requestKey, incident.id, now);
      emit({ type: 'triggered', source, incident, timelineEvent });
      return { incident, created: true };
    });
  }

  acknowledge(id: number, actor: Actor, source: EventSource): CommandResult {
    return this.apply(id, source, (incident, now) => transitions.acknowledge(incident, actor, now));
  }

  resolve(id: number, actor: Actor, source: EventSource, note?: string | null): CommandResult {
    return this.apply(id, source, (incident, now) => transitions.resolve(incident, actor, now, note));
  }

  snooze(id: number, actor: Actor, source: EventSource, until: Date): CommandResult {
    return this.apply(id, source, (incident, now) => transitions.snooze(incident, actor, now, until));
  }

  snoozeFor(id: number, actor: Actor, source: EventSource, durationMs: number): CommandResult {
    return this.snooze(id, actor, source, new Date(this.clock.now().getTime() + durationMs));
  }

  wake(id: number, actor: Actor, source: EventSource): CommandResult {
    return this.apply(id, source, (incident, now) => transitions.wake(incident, actor, now));
  }

  addNote(id: number, actor: Actor, source: EventSource, text: string, origin?: transitions.NoteOrigin): CommandResult {
    return this.apply(id, source, (incident, now) => transitions.addNote(incident, actor, now, text, origin));
  }

  reassign(id: number, actor: Actor, source: EventSource, to: Actor): CommandResult {
    return this.apply(id, source, (incident, now) => cardActions.reassign(incident, actor, now, to));
  }

  addResponders(id: number, actor: Actor, source: EventSource, people: readonly Actor[]): CommandResult {
    return this.apply(id, source, (incident, now) => cardActions.addResponders(incident, actor, now, people));
  }

  unacknowledge(id: number, actor: Actor, source: EventSource): CommandResult {
    return this.apply(id, source, (incident, now) => cardActions.unacknowledge(incident, actor, now));
  }

  reopen(id: number, actor: Actor, source: EventSource): CommandResult {
    return this.apply(id, source, (incident, now) => cardActions.reopen(incident, actor, now, this.options.reopenWindowMs));
  }

  changeUrgency(id: number, actor: Actor, source: EventSource, urgency: Urgency): CommandResult {
    return this.apply(id, source, (incident, now) => cardActions.changeUrgency(incident, actor, now, urgency));
  }

  /** Acknowledges many incidents in one transaction (a storm card's "Acknowledge all"); those
   *  already acknowledged or resolved are left as they are. Returns how many changed. */
  acknowledgeMany(ids: readonly number[], actor: Actor, source: EventSource): number {
    return this.applyMany(ids, source, (incident, now) => transitions.acknowledge(incident, actor, now));
  }

  /** Resolves many incidents in one transaction ("Resolve all"); returns how many changed. */
  resolveMany(ids: readonly number[], actor: Actor, source: EventSource): number {
    return this.applyMany(ids, source, (incident, now) => transitions.resolve(incident, actor, now));
  }

  /** Records an event that changes no status (an escalation step, an SLA breach) and notifies it. */
  record(id: number, type: 'escalated' | 'sla_breached', actor: Actor, source: EventSource, details: Record<string, unknown>): void {
    this.transact((repos, emit) => {
      const incident = repos.incidents.get(id);
      if (!incident) throw new NotFoundError('Incident', `#${id}`);
      const timelineEvent = repos.incidents.appendEvent(id, source, { type, at: this.clock.now(), actor, details });
      emit({ type, source, incident, timelineEvent });
    });
  }

  /** For intakes that speak in dedup keys (Alertmanager, Events v2): null when no unresolved incident matches. */
  findUnresolvedByDedupKey(serviceSlug: string, dedupKey: string): Incident | null {
    return this.uow.read((repos) => repos.incidents.findUnresolvedByDedupKey(serviceSlug, dedupKey));
  }

  /** Wakes every incident whose snooze has ended. Idempotent: run it as often as you like, after any
   *  downtime; each incident wakes exactly once. Returns how many woke. */
  wakeDue(limit = 500): number {
    const actor: Actor = { name: 'OpsKnight scheduler' };
    const due = this.uow.read((repos) => repos.incidents.dueSnoozes(this.clock.now(), limit));
    let woken = 0;
    for (const id of due) {
      // Due is checked again inside the transaction: another daemon may have woken it meanwhile,
      // and someone may have snoozed it again since (that snooze is not ended early).
      const result = this.apply(id, 'scheduler', (incident, now) =>
        incident.status === 'SNOOZED' && incident.snoozedUntil && incident.snoozedUntil <= now
          ? transitions.wake(incident, actor, now)
          : transitions.unchanged(incident, () => `Incident ${incident.id} is no longer due to wake.`),
      );
      if (result.changed) woken++;
    }
    return woken;
  }

  nextSnoozeEnd(): Date | null {
    return this.uow.read((repos) => repos.incidents.nextSnoozeEnd());
  }

  get(id: number): IncidentWithTimeline {
    return this.uow.read((repos) => {
      const incident = repos.incidents.get(id);
      if (!incident) throw new NotFoundError('Incident', `#${id}`);
      return { incident, timeline: repos.incidents.timeline(id) };
    });
  }

  list(filter: IncidentFilter): { incidents: Incident[]; total: number } {
    return this.uow.read((repos) => repos.incidents.list(filter));
  }

  private apply(
    id: number,
    source: EventSource,
    transition: (incident: Incident, now: Date) => TransitionOutcome,
  ): CommandResult {
    return this.transact((repos, emit) => {
      const current = repos.incidents.get(id);
      if (!current) throw new NotFoundError('Incident', `#${id}`);
      const outcome = transition(current, this.clock.now());
      if (!outcome.changed) return { incident: current, changed: false, reason: outcome.reason, explain: outcome.explain };
      repos.incidents.save(outcome.incident);
      const timelineEvent = repos.incidents.appendEvent(id, source, outcome.event);
      emit({ type: outcome.event.type, source, incident: outcome.incident, timelineEvent });
      return { incident: outcome.incident, changed: true };
    });
  }

  /** One transition over many incidents in one transaction: subscribers see all the events together. */
  private applyMany(ids: readonly number[], source: EventSource, transition: (incident: Incident, now: Date) => TransitionOutcome): number {
    return this.transact((repos, emit) => {
      const now = this.clock.now();
      let changed = 0;
      for (const id of ids) {
        const current = repos.incidents.get(id);
        const outcome = current ? transition(current, now) : null;
        if (!outcome?.changed) continue;
        repos.incidents.save(outcome.incident);
        emit({ type: outcome.event.type, source, incident: outcome.incident, timelineEvent: repos.incidents.appendEvent(id, source, outcome.event) });
        changed++;
      }
      return changed;
    });
  }

  /** Runs several commands as one: all commit or none do, and afterCommit hears of them only once committed. */
  atomically<T>(work: () => T): T {
    if (this.committedLater) return work();
    const batch: IncidentDomainEvent[] = [];
    this.committedLater = batch;
    let result: T;
    try {
      result = this.uow.run(() => work());
    } finally {
      this.committedLater = null;
    }
    this.announce(batch);
    return result;
  }

  /** Group commit: runs each piece of work in one shared transaction, each isolated from the others'
   *  failures (a failed piece undoes only itself), and commits once. Many small writes then cost one
   *  commit instead of one each. */
  atomicallyEach(works: readonly (() => unknown)[]): PromiseSettledResult<unknown>[] {
    return this.atomically(() =>
      works.map((work): PromiseSettledResult<unknown> => {
        const mark = this.committedLater!.length;
        try {
          return { status: 'fulfilled', value: this.uow.run(() => work()) };
        } catch (reason) {
          this.committedLater!.length = mark; // its events were rolled back with it
          return { status: 'rejected', reason };
        }
      }),
    );
  }

  /** Runs work in one transaction; subscribers see its events inside it and, once committed, after it. */
  private transact<T>(work: (repos: Repositories, emit: (e: IncidentDomainEvent) => void) => T): T {
    const events: IncidentDomainEvent[] = [];
    const result = this.uow.run((repos) => {
      const value = work(repos, (e) => events.push(e));
      if (events.length) for (const s of this.subscribers) s.inTransaction?.(events, repos);
      return value;
    });
    if (this.committedLater) this.committedLater.push(...events);
    else this.announce(events);
    return result;
  }

  private announce(events: readonly IncidentDomainEvent[]): void {
    if (events.length) for (const s of this.subscribers) s.afterCommit?.(events);
  }
}
