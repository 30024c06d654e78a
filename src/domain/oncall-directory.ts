// Schedules and escalation policies: creating them, and answering "who is on call".
import { DomainError, NotFoundError, ValidationError } from './errors.js';
import { validatePolicy, type EscalationPolicy, type EscalationStep, type EscalationTarget } from './escalation.js';
import type { Clock, UnitOfWork } from './ports.js';
import { onCallNowAndNext, validateRotation, type Rotation, type Schedule } from './schedule.js';
import { nextHandoffs } from './shifts.js';
import { cleanText } from './text.js';

/** How many coming handoffs an on-call answer lists. */
const NEXT_HANDOFFS = 3;
import { assertTimeZone } from './time-zone.js';

export interface OnCallAnswer {
  schedule: string;
  timeZone: string;
  now: { name: string | null; until: Date; viaOverride: boolean };
  next: { name: string | null; from: Date };
  /** The next few handoffs (the first is `next`'s, unless the same person stays on). */
  handoffs: { at: Date; name: string | null }[];
}

export interface PolicyAnswer {
  policy: string;
  services: string[];
  firstStep: string[];
}

/** A step target as people type it: an e-mail, or "schedule:<name>". */
export type TargetRef = string;

export class OnCallDirectory {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  addSchedule(input: { name: string; timeZone: string; userEmails: string[]; start: string; handoff: string; length: Rotation['length'] }): Schedule {
    const name = cleanText(input.name);
    if (!name) throw new ValidationError('A schedule needs a name.', 'name');
    assertTimeZone(input.timeZone);
    return this.uow.run((repos) => {
      if (repos.schedules.findByName(name)) throw new DomainError('conflict', `A schedule "${name}" already exists.`, { name });
      const userIds = input.userEmails.map((email) => {
        const u = repos.users.findByEmail(email);
        if (!u) throw new NotFoundError('User', email);
        return u.id;
      });
      const rotation = validateRotation({ userIds, start: input.start, handoff: input.handoff, length: input.length }, input.timeZone);
      return repos.schedules.insert(name, input.timeZone, rotation, this.clock.now());
    });
  }

  addOverride(scheduleName: string, email: string, startsAt: Date, endsAt: Date): Schedule {
    if (!(endsAt > startsAt)) throw new ValidationError('An override must end after it starts.', 'to');
    return this.uow.run((repos) => {
      const s = repos.schedules.findByName(scheduleName);
      if (!s) throw new NotFoundError('Schedule', scheduleName);
      const u = repos.users.findByEmail(email);
      if (!u) throw new NotFoundError('User', email);
      repos.schedules.addOverride(s.id, u.id, startsAt, endsAt);
      return repos.schedules.get(s.id)!;
    });
  }

  getSchedule(name: string): Schedule {
    const s = this.uow.read((repos) => repos.schedules.findByName(name));
    if (!s) throw new NotFoundError('Schedule', name);
    return s;
  }

  listSchedules(): Schedule[] {
    return this.uow.read((repos) => repos.schedules.list());
  }

  removeSchedule(name: string): void {
    this.uow.run((repos) => {
      const s = repos.schedules.findByName(name);
      if (!s) throw new NotFoundError('Schedule', name);
      const usedBy = repos.policies.list().filter((p) => p.steps.some((st) => st.targets.some((t) => t.type === 'schedule' && t.scheduleId === s.id)));
      if (usedBy.length) throw new DomainError('conflict', `Schedule "${name}" is used by policy ${usedBy.map((p) => p.name).join(', ')}.`, {});
      repos.schedules.remove(s.id);
    });
  }

  addPolicy(name: string, steps: { delayMinutes: number; targets: TargetRef[] }[], repeat: number): EscalationPolicy {
    const clean = cleanText(name);
    if (!clean) throw new ValidationError('A policy needs a name.', 'name');
    return this.uow.run((repos) => {
      if (repos.policies.findByName(clean)) throw new DomainError('conflict', `A policy "${clean}" already exists.`, { name: clean });
      const resolved: EscalationStep[] = steps.map((s) => ({
        delayMinutes: s.delayMinutes,
        targets: s.targets.map((ref): EscalationTarget => {
          const m = /^schedule:(.+)$/.exec(ref.trim());
          if (m) {
            const sch = repos.schedules.findByName(m[1]!);
            if (!sch) throw new NotFoundError('Schedule', m[1]!);
            return { type: 'schedule', scheduleId: sch.id };
          }
          const u = repos.users.findByEmail(ref.trim());
          if (!u) throw new NotFoundError('User', ref.trim());
          return { type: 'user', userId: u.id };
        }),
      }));
      validatePolicy(resolved, repeat);
      return repos.policies.insert(clean, resolved, repeat, this.clock.now());
    });
  }

  getPolicy(name: string): EscalationPolicy {
    const p = this.uow.read((repos) => repos.policies.findByName(name));
    if (!p) throw new NotFoundError('Policy', name);
    return p;
  }

  listPolicies(): EscalationPolicy[] {
    return this.uow.read((repos) => repos.policies.list());
  }

  removePolicy(name: string): void {
    this.uow.run((repos) => {
      const p = repos.policies.findByName(name);
      if (!p) throw new NotFoundError('Policy', name);
      const services = repos.policies.servicesUsing(p.id);
      if (services.length) throw new DomainError('conflict', `Policy "${name}" is used by service ${services.join(', ')}: give them another policy first.`, {});
      repos.policies.remove(p.id);
    });
  }

  setServicePolicy(slug: string, policyName: string | null): void {
    this.uow.run((repos) => {
      if (!repos.services.findBySlug(slug)) throw new NotFoundError('Service', slug);
      const p = policyName ? repos.policies.findByName(policyName) : null;
      if (policyName && !p) throw new NotFoundError('Policy', policyName);
      repos.policies.setForService(slug, p?.id ?? null);
    });
  }

  /** Slugs of the services that use a policy. */
  servicesUsing(policy: EscalationPolicy): string[] {
    return this.uow.read((repos) => repos.policies.servicesUsing(policy.id));
  }

  /** Who is on call for one schedule now, and at its next handoff. */
  onCallFor(schedule: Schedule, at: Date = this.clock.now()): OnCallAnswer {
    return this.uow.read((repos) => {
      const name = (id: number | null) => (id === null ? null : (repos.users.get(id)?.name ?? `user ${id}`));
      const { now, next } = onCallNowAndNext(schedule, at);
      const handoffs = nextHandoffs(schedule, at, NEXT_HANDOFFS).map((h) => ({ at: h.at, name: name(h.userId) }));
      return { schedule: schedule.name, timeZone: schedule.timeZone, now: { name: name(now.userId), until: now.until, viaOverride: now.viaOverride }, next: { name: name(next.userId), from: next.from }, handoffs };
    });
  }

  /** Readable description of a step's targets. */
  describeTargets(targets: EscalationTarget[]): string[] {
    return this.uow.read((repos) =>
      targets.map((t) => (t.type === 'user' ? (repos.users.get(t.userId)?.name ?? `user ${t.userId}`) : `schedule ${repos.schedules.get(t.scheduleId)?.name ?? t.scheduleId}`)),
    );
  }

  /** Who is on call now and at the next handoff, for every schedule; and each policy's first step. */
  onCall(at: Date = this.clock.now()): { schedules: OnCallAnswer[]; policies: PolicyAnswer[] } {
    return this.uow.read((repos) => {
      const name = (id: number | null) => (id === null ? null : (repos.users.get(id)?.name ?? `user ${id}`));
      const schedules = repos.schedules.list().map((s) => this.onCallFor(s, at));
      const policies = repos.policies.list().map((p) => ({
        policy: p.name,
        services: repos.policies.servicesUsing(p.id),
        firstStep: p.steps[0]!.targets.map((t) => {
          if (t.type === 'user') return name(t.userId) ?? '?';
          const s = repos.schedules.get(t.scheduleId);
          if (!s) return '?';
          const who = name(onCallNowAndNext(s, at).now.userId);
          return `${who ?? 'nobody'} (on call for ${s.name})`;
        }),
      }));
      return { schedules, policies };
    });
  }
}
