// The one sweep loop for time-based work (snooze wake-ups, escalation steps, SLA breaches), driven
// by cron: every second it looks at stored state and does what has fallen due. Between ticks, one
// timer aims the next sweep at whatever comes first: work due before the next tick (so it is not up
// to a second late), a poke (something may have just become due), or a retry while another process
// holds the database's write lock. Every sweep is idempotent, so restarts and downtime only mean
// catching up once. Time is the injected clock's; tests drive the timers with fake ones.
import { createRequire } from 'node:module';
import { CronJob } from 'cron';
import type { Settings } from 'luxon';
import type { IncidentService } from '../domain/incident-service.js';
import type { TimerSweep } from '../domain/escalation-service.js';
import type { Clock } from '../domain/ports.js';
import type { Logger } from '../observability/logger.js';
import { isDatabaseBusy, nextRetryMs } from '../store/busy.js';

// cron is CommonJS and requires luxon's CommonJS build; an ESM import would be a second copy.
const cronCalendar = (createRequire(import.meta.url)('luxon') as { Settings: typeof Settings }).Settings;

/** Shortest time between two sweeps asked for by pokes: well under the 1 s lateness we promise. */
const POKE_GAP_MS = 100;

export interface SweepTask {
  name: string;
  /** Does what is due now; returns how much it did. */
  run(): number;
  /** When the next piece of work falls due, if known. */
  nextDueAt?(): Date | null;
}

export class Scheduler {
  private job: CronJob | null = null;
  /** The one timer beside cron's tick, and the clock time it fires at (Infinity when none). */
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private sweeping = false;
  private pokedWhileSweeping = false;
  private lastSweepAt = -Infinity;
  /** While another process holds the database's write lock: when it was first met, and the wait before the next try. */
  private lockedSince: number | null = null;
  private lockedRetryMs = 0;

  constructor(
    private readonly tasks: SweepTask[],
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  private now(): number {
    return this.clock.now().getTime();
  }

  start(): void {
    // The tick is absolute time (every due time is stored in UTC), so cron's calendar (luxon) runs
    // in UTC with a fixed locale: asking the system for its locale and zone would load ICU's data
    // (about 8 MB resident) for nothing the sweep uses.
    cronCalendar.defaultLocale ??= 'en-US';
    this.job = CronJob.from({ cronTime: '* * * * * *', onTick: () => this.sweep(), start: true, timeZone: 'UTC' });
    this.sweep();
  }

  stop(): void {
    void this.job?.stop();
    this.job = null;
    this.clearTimer();
  }

  /** Something may have fallen due sooner than planned (a new incident, a snooze): sweep soon.
   *  Pokes coalesce: at most one sweep per POKE_GAP_MS, so a burst of new incidents (an alert
   *  storm, an intake benchmark) costs a few sweeps rather than one per event-loop turn. */
  poke(): void {
    if (!this.job) return;
    if (this.sweeping) this.pokedWhileSweeping = true;
    else this.aim(Math.max(this.now(), this.lastSweepAt + POKE_GAP_MS));
  }

  /** Runs every task once; safe to call at any time (a wake-up after a change, a test). */
  sweep(): void {
    if (this.sweeping) return;
    this.sweeping = true;
    this.pokedWhileSweeping = false;
    this.lastSweepAt = this.now();
    let locked = false;
    let failed = false;
    try {
      for (const task of this.tasks) {
        try {
          const done = task.run();
          if (done) this.logger.info({ task: task.name, count: done }, 'scheduler did due work');
        } catch (err) {
          // The other tasks would meet the same lock: stop here and try again shortly.
          if ((locked = isDatabaseBusy(err))) break;
          failed = true;
          this.logger.error({ err, task: task.name }, 'scheduler task failed; it will run again next tick');
        }
      }
    } finally {
      this.sweeping = false;
    }
    // This sweep did what any planned one would have: plan afresh.
    this.clearTimer();
    if (locked) this.retryWhenUnlocked();
    else {
      if (this.lockedSince !== null) this.logger.info({ locked_ms: this.now() - this.lockedSince }, 'database unlocked; the scheduler caught up');
      this.lockedSince = null;
      this.lockedRetryMs = 0;
      // After a failure, cron's next tick tries again: aiming at work still due would spin.
      if (!failed) this.aimAtNextDue();
    }
    if (this.pokedWhileSweeping) this.poke();
  }

  /** Work that fell due stays due (every sweep is idempotent): look again soon, without spinning. */
  private retryWhenUnlocked(): void {
    if (this.lockedSince === null) {
      this.lockedSince = this.now();
      this.logger.warn('database locked by another process; time-based work waits and catches up when it is free');
    }
    this.lockedRetryMs = nextRetryMs(this.lockedRetryMs);
    this.aim(this.now() + this.lockedRetryMs);
  }

  /** Work due before the next cron tick gets the timer, so it is not up to a second late. */
  private aimAtNextDue(): void {
    const now = this.now();
    const next = this.tasks.map((t) => t.nextDueAt?.()?.getTime() ?? Infinity).reduce((a, b) => Math.min(a, b), Infinity);
    if (next - now < 1000) this.aim(Math.max(now, next + 2));
  }

  /** Plans a sweep at clock time `at`, unless one is already planned no later. */
  private aim(at: number): void {
    if (!this.job || at >= this.timerAt) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.sweep();
    }, Math.max(0, at - this.now()));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }
}

export function escalationTask(timers: TimerSweep): SweepTask {
  return { name: 'escalate unacknowledged incidents', run: () => timers.escalateDue(), nextDueAt: () => timers.nextDueAt() };
}

export function slaTask(timers: TimerSweep): SweepTask {
  return { name: 'record SLA breaches', run: () => timers.recordSlaBreaches() };
}

export function snoozeWakeTask(incidents: IncidentService): SweepTask {
  return { name: 'wake snoozed incidents', run: () => incidents.wakeDue(), nextDueAt: () => incidents.nextSnoozeEnd() };
}
