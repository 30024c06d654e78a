// The scheduler's task for schedules shown in Slack: at each handoff, a line in the schedule's
// handoff channel and a direct message to the incoming person; and the schedule's user group kept to
// whoever is on call (at each handoff, and whenever an override changes who that is). Each handoff is
// announced exactly once, however many daemons share the database: what is due is selected and
// marked inside one write transaction (the marks are compare-and-set), with the outbox rows.
import type { Clock, Repositories, UnitOfWork } from '../../domain/ports.js';
import { onCallAt, onCallNowAndNext, type Schedule } from '../../domain/schedule.js';
import { handedOffBetween, nextHandoffAt } from '../../domain/shifts.js';
import type { OutboxRepo } from '../../store/outbox-repo.js';
import type { ScheduleSlack, ScheduleSlackRepo } from '../../store/schedule-slack-repo.js';
import { handoffDmText, type Handoff, type HandoffPerson } from '../render/handoff.js';

export interface HandoffSweepDeps {
  uow: UnitOfWork;
  scheduleSlack: ScheduleSlackRepo;
  outbox: OutboxRepo;
  clock: Clock;
  /** Delivery looks at the outbox at once. */
  wake?: () => void;
}

/** Who the group should hold: "user:<id>", or "none" while nobody is on call. */
const groupKey = (userId: number | null) => (userId === null ? 'none' : `user:${userId}`);

interface Due {
  config: ScheduleSlack;
  announce: boolean;
  sync: boolean;
}

function dueWork(config: ScheduleSlack, schedule: Schedule, now: Date): Due {
  const announce = config.handoffChannel !== null && handedOffBetween(schedule, config.announcedTo, now);
  const sync = config.usergroupId !== null && config.syncedKey !== groupKey(onCallAt(schedule, now).userId);
  return { config, announce, sync };
}

export function handoffTask(deps: HandoffSweepDeps): { name: string; run(): number; nextDueAt(): Date | null } {
  const person = (repos: Repositories, userId: number | null): HandoffPerson | null => {
    const u = userId === null ? null : repos.users.get(userId);
    return u ? { name: u.name, email: u.email } : null;
  };

  /** Inside the write transaction: look again (another daemon may have done it), do, mark. */
  const perform = (repos: Repositories, scheduleId: number, teamId: string, now: Date): number => {
    const config = deps.scheduleSlack.get(scheduleId, teamId);
    const schedule = repos.schedules.get(scheduleId);
    if (!config || !schedule) return 0;
    const due = dueWork(config, schedule, now);
    const { now: shift, next } = onCallNowAndNext(schedule, now);
    const at = now.getTime();
    let done = 0;
    if (due.announce && deps.scheduleSlack.markAnnounced(config, now)) {
      const h: Handoff = { schedule: schedule.name, timeZone: schedule.timeZone, person: person(repos, shift.userId), viaOverride: shift.viaOverride, at, until: shift.until.getTime(), next: person(repos, next.userId) };
      deps.outbox.enqueue(
        {
          teamId,
          channelId: config.handoffChannel!,
          kind: 'handoff',
          payload: { schedule: h.schedule, time_zone: h.timeZone, person: h.person, via_override: h.viaOverride, at: h.at, until: h.until, next: h.next },
        },
        at,
        0,
      );
      if (h.person?.email) deps.outbox.enqueue({ teamId, channelId: `email:${h.person.email.toLowerCase()}`, kind: 'dm', payload: { email: h.person.email, text: handoffDmText(h) } }, at, 0);
      done++;
    }
    if (due.sync && deps.scheduleSlack.markSynced(config, groupKey(shift.userId))) {
      // Slack cannot empty a user group: while nobody is on call it keeps its members.
      const who = person(repos, shift.userId);
      if (who) {
        deps.outbox.enqueue(
          { teamId, channelId: `usergroup:${config.usergroupId}`, kind: 'usergroup_sync', payload: { usergroup: config.usergroupId!, handle: config.usergroupHandle ?? config.usergroupId!, schedule: schedule.name, people: [who] } },
          at,
          0,
        );
      }
      done++;
    }
    return done;
  };

  return {
    name: 'announce shift handoffs and keep on-call user groups',
    run() {
      const now = deps.clock.now();
      // A read first: most sweeps find nothing due and take no write lock.
      const due = deps.uow.read((repos) =>
        deps.scheduleSlack.list().flatMap((config) => {
          const schedule = repos.schedules.get(config.scheduleId);
          const d = schedule ? dueWork(config, schedule, now) : null;
          return d && (d.announce || d.sync) ? [d.config] : [];
        }),
      );
      let done = 0;
      for (const c of due) done += deps.uow.run((repos) => perform(repos, c.scheduleId, c.teamId, now));
      if (done) deps.wake?.();
      return done;
    },
    nextDueAt() {
      const now = deps.clock.now();
      return deps.uow.read((repos) =>
        deps.scheduleSlack.list().reduce<Date | null>((min, c) => {
          const schedule = repos.schedules.get(c.scheduleId);
          if (!schedule) return min;
          // Announcements count from the last one; a group alone, from now (its state is checked every sweep).
          const next = nextHandoffAt(schedule, c.handoffChannel !== null ? c.announcedTo : now);
          return next && (!min || next < min) ? next : min;
        }, null),
      );
    },
  };
}
