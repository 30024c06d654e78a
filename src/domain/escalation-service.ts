// Escalation and SLA timers: started, paused, restarted and stopped by incident events (in the same
// transaction), and fired by the scheduler's sweep. Each sweep is idempotent: a step or a breach is
// recorded once, in order, however late the sweep runs.
import { formatDuration } from './duration.js';
import { InvalidTransitionError, NotFoundError } from './errors.js';
import { advanceEscalation, ESCALATE_NOW_DEBOUNCE_MS, escalateNowFrom, startEscalation, type EscalationPolicy, type EscalationTarget } from './escalation.js';
import { refuseTransition } from './incident.js';
import type { CommandResult } from './incident-service.js';
import type { IncidentDomainEvent } from './events.js';
import type { IncidentService } from './incident-service.js';
import { incidentNumber, type Actor, type EventSource, type User } from './model.js';
import type { Clock, EventSubscriber, Repositories, UnitOfWork } from './ports.js';
import { onCallAt } from './schedule.js';

const SCHEDULER: Actor = { name: 'OpsKnight scheduler' };
const minutes = (n: number) => n * 60_000;

/** Keeps each incident's timers in step with its state. */
export class EscalationTimers implements EventSubscriber {
  inTransaction(events: readonly IncidentDomainEvent[], repos: Repositories): void {
    for (const e of events) {
      const i = e.incident;
      const at = e.timelineEvent.at;
      const state = repos.timers.escalation(i.id);
      switch (e.type) {
        case 'triggered': {
          const service = repos.services.findBySlug(i.serviceSlug);
          if (service) repos.timers.startSla(i.id, new Date(i.createdAt.getTime() + minutes(service.ackSlaMinutes)), new Date(i.createdAt.getTime() + minutes(service.resolveSlaMinutes)));
          const policy = repos.policies.forService(i.serviceSlug);
          if (policy) repos.timers.saveEscalation(startEscalation(policy, i.id, at));
          break;
        }
        case 'acknowledged':
          if (state) repos.timers.saveEscalation({ ...state, nextAt: null });
          repos.timers.stopSla(i.id, 'ack');
          break;
        case 'resolved':
          if (state) repos.timers.saveEscalation({ ...state, nextAt: null });
          repos.timers.stopSla(i.id, 'ack');
          repos.timers.stopSla(i.id, 'resolve');
          break;
        case 'snoozed':
          // Paused: nobody is paged while snoozed.
          if (state) repos.timers.saveEscalation({ ...state, nextAt: null });
          break;
        case 'reopened': {
          // A reopened incident is a new problem to answer: SLA targets count from now.
          const service = repos.services.findBySlug(i.serviceSlug);
          if (service) repos.timers.startSla(i.id, new Date(at.getTime() + minutes(service.ackSlaMinutes)), new Date(at.getTime() + minutes(service.resolveSlaMinutes)));
          const policy = state ? repos.policies.get(state.policyId) : repos.policies.forService(i.serviceSlug);
          if (policy) repos.timers.saveEscalation(startEscalation(policy, i.id, at));
          break;
        }
        case 'unacknowledged':
        case 'woken': {
          // Starts again from the first step when the snooze ends or the acknowledgement is withdrawn.
          const policy = state ? repos.policies.get(state.policyId) : repos.policies.forService(i.serviceSlug);
          if (policy) repos.timers.saveEscalation(startEscalation(policy, i.id, at));
          break;
        }
        default:
          break;
      }
    }
  }
}

export interface ResolvedTarget {
  name: string;
  email: string | null;
  via?: string;
}

export function resolveTargets(repos: Repositories, targets: EscalationTarget[], at: Date): ResolvedTarget[] {
  const out: ResolvedTarget[] = [];
  const person = (u: User | null, via?: string) => u && out.push({ name: u.name, email: u.email, ...(via ? { via } : {}) });
  for (const t of targets) {
    if (t.type === 'user') person(repos.users.get(t.userId));
    else {
      const schedule = repos.schedules.get(t.scheduleId);
      if (!schedule) continue;
      const shift = onCallAt(schedule, at);
      if (shift.userId === null) out.push({ name: `nobody (schedule ${schedule.name} has not started)`, email: null, via: schedule.name });
      else person(repos.users.get(shift.userId), schedule.name);
    }
  }
  return out;
}

export class TimerSweep {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly incidents: IncidentService,
    private readonly clock: Clock,
  ) {}

  /** Fires every escalation step that is due, in due order; returns how many fired. */
  escalateDue(limit = 500): number {
    let fired = 0;
    for (;;) {
      const now = this.clock.now();
      const due = this.uow.read((repos) => repos.timers.dueEscalations(now, limit));
      if (!due.length) return fired;
      for (const state of due) {
        this.incidents.atomically(() => {
          this.uow.run((repos) => {
            const current = repos.timers.escalation(state.incidentId);
            // Re-read inside the transaction: another process may have fired or stopped it.
            if (!current?.nextAt || current.nextAt.getTime() !== state.nextAt!.getTime() || current.step !== state.step) return;
            const incident = repos.incidents.get(state.incidentId);
            const policy = repos.policies.get(state.policyId);
            if (!incident || incident.status !== 'OPEN' || !policy || !policy.steps[state.step]) {
              repos.timers.saveEscalation({ ...current, nextAt: null });
              return;
            }
            const targets = resolveTargets(repos, policy.steps[state.step]!.targets, current.nextAt);
            this.incidents.record(state.incidentId, 'escalated', SCHEDULER, 'scheduler', {
              step: state.step + 1,
              cycle: state.cycle + 1,
              policy: policy.name,
              due_at: current.nextAt.toISOString(),
              targets: targets.map((t) => (t.via ? `${t.name} (on call for ${t.via})` : t.name)).join(', '),
              target_people: targets,
            });
            repos.timers.saveEscalation(advanceEscalation(policy, current));
            fired++;
          });
        });
      }
      // Loop: a fired step may make the next one due at once (catching up, or a 0-minute delay).
    }
  }

  /** "Escalate now" from a person: the next step of the policy pages at once (a timeline entry and
   *  its thread reply, like a scheduled step). Several at once (two people clicking) page once. */
  escalateNow(id: number, actor: Actor, source: EventSource): CommandResult {
    return this.incidents.atomically(() =>
      this.uow.run((repos): CommandResult => {
        const incident = repos.incidents.get(id);
        if (!incident) throw new NotFoundError('Incident', `#${id}`);
        if (incident.status === 'RESOLVED') refuseTransition(incident, 'escalated');
        const now = this.clock.now();
        const state = repos.timers.escalation(id);
        const policy = state ? repos.policies.get(state.policyId) : repos.policies.forService(incident.serviceSlug);
        if (!policy) {
          throw new InvalidTransitionError(
            `Service ${incident.serviceSlug} has no escalation policy, so incident ${incidentNumber(incident)} has nobody to escalate to. An admin can set one with \`opsknight-slack service update ${incident.serviceSlug} --policy <name>\`; meanwhile, add responders from the card.`,
            { incident_id: id, action: 'escalate' },
          );
        }
        const last = repos.incidents.timeline(id).filter((e) => e.type === 'escalated' && e.details.manual === true).at(-1);
        if (last && now.getTime() - last.at.getTime() < ESCALATE_NOW_DEBOUNCE_MS) {
          return {
            incident,
            changed: false,
            reason: `Incident ${incidentNumber(incident)} was escalated by ${last.actor.name} ${formatDuration(now.getTime() - last.at.getTime())} ago (step ${String(last.details.step)}); its targets have been paged.`,
          };
        }
        const { step, cycle, next } = escalateNowFrom(policy, state, id, now, incident.status === 'OPEN');
        const targets = resolveTargets(repos, policy.steps[step]!.targets, now);
        this.incidents.record(id, 'escalated', actor, source, {
          step: step + 1,
          cycle: cycle + 1,
          policy: policy.name,
          manual: true,
          targets: targets.map((t) => (t.via ? `${t.name} (on call for ${t.via})` : t.name)).join(', '),
          target_people: targets,
        });
        repos.timers.saveEscalation(next);
        return { incident, changed: true };
      }),
    );
  }

  /** Records each missed SLA target once per incident and kind; returns how many. */
  recordSlaBreaches(limit = 500): number {
    const now = this.clock.now();
    const due = this.uow.read((repos) => repos.timers.dueSlaBreaches(now, limit));
    let recorded = 0;
    for (const b of due) {
      this.incidents.atomically(() => {
        this.uow.run((repos) => {
          // Marked only if still missed and unmarked, inside the transaction: another daemon's
          // sweep, or an acknowledgement, may have come between the look above and this.
          if (!repos.timers.markSlaBreached(b.incidentId, b.kind, now)) return;
          recorded++;
          const incident = repos.incidents.get(b.incidentId);
          const service = incident ? repos.services.findBySlug(incident.serviceSlug) : null;
          this.incidents.record(b.incidentId, 'sla_breached', SCHEDULER, 'scheduler', {
            kind: b.kind,
            target_minutes: b.kind === 'ack' ? service?.ackSlaMinutes : service?.resolveSlaMinutes,
            due_at: b.dueAt.toISOString(),
          });
        });
      });
    }
    return recorded;
  }

  nextDueAt(): Date | null {
    return this.uow.read((repos) => {
      const a = repos.timers.nextEscalationAt()?.getTime() ?? Infinity;
      const b = repos.timers.nextSlaDueAt()?.getTime() ?? Infinity;
      const at = Math.min(a, b);
      return Number.isFinite(at) ? new Date(at) : null;
    });
  }
}

export type { EscalationPolicy };
