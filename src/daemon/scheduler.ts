// The one sweep loop for time-based work, driven by cron: every second it looks at stored state and
// does what has fallen due (snooze wake-ups now; escalation and SLA steps join it). Between ticks, a
// timer aimed at the next due time keeps lateness well under a second. Every sweep is idempotent,
// so restarts and downtime only mean catching up once.
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
  private precise: NodeJS.Timeout | null = null;
  private sweeping = false;
  /** While another process holds the database's write lock: when it was first met, and the wait before the next try. */
  private lockedSince: number | null = null;
  private lockedRetryMs = 0;

  constructor(
    private readonly tasks: SweepTask[],
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  start(): void {
    // The tick is absolute time (every due time is stored in UTC), so cron's calendar (luxon) runs
    // in UTC with a fixed locale: asking the system for its locale and zone would load ICU's data
    // (about 8 MB resident) for nothing the sweep uses.
    cronCalendar.defaultLocale ??= 'en-US';
    this.job = CronJob.from({ cronTime: '* * * * * *', onTick: () => this.sweep(), start: true, timeZone: 'UTC' });
    this.sweep();
  }

  stop(): void {
    if (this.poked) clearTimeout(this.poked);
    this.poked = null;
    void this.job?.stop();
    this.job = null;
    if (this.precise) clearTimeout(this.precise);
    this.precise = null;
  }

  private poked: NodeJS.Timeout | null = null;
  private lastSweepAt = 0;

  /** Something may have fallen due sooner than planned (a new incident, a snooze): sweep soon.
   *  Pokes coalesce: at most one sweep per POKE_GAP_MS, so a burst of new incidents (an alert
   *  storm, an intake benchmark) costs a few sweeps rather than one per event-loop turn. */
  poke(): void {
    if (!this.job || this.poked) return;
    const wait = Math.max(0, this.lastSweepAt + POKE_GAP_MS - Date.now());
    this.poked = setTimeout(() => {
      this.poked = null;
      this.sweep();
    }, wait);
  }

  /** Runs every task once; safe to call at any time (a wake-up after a change, a test). */
  sweep(): void {
    if (this.sweeping) return;
    this.sweeping = true;
    this.lastSweepAt = Date.now();
    let locked = false;
    try {
      for (const task of this.tasks) {
        try {
          const done = task.run();
          if (done) this.logger.info({ task: task.name, count: done }, 'scheduler did due work');
        } catch (err) {
          // The other tasks would meet the same lock: stop here and try again shortly.
          if ((locked = isDatabaseBusy(err))) break;
          this.logger.error({ err, task: task.name }, 'scheduler task failed; it will run again next tick');
        }
      }
    } finally {
      this.sweeping = false;
    }
    if (locked) this.retryWhenUnlocked();
    else {
      if (this.lockedSince !== null) this.logger.info({ locked_ms: Date.now() - this.lockedSince }, 'database unlocked; the scheduler caught up');
      this.lockedSince = null;
      this.lockedRetryMs = 0;
      this.aimAtNextDue();
    }
  }

  /** Work that fell due stays due (every sweep is idempotent): look again soon, without spinning. */
  private retryWhenUnlocked(): void {
    if (this.lockedSince === null) {
      this.lockedSince = Date.now();
      this.logger.warn('database locked by another process; time-based work waits and catches up when it is free');
    }
    if (!this.job) return;
    if (this.precise) clearTimeout(this.precise);
    this.lockedRetryMs = nextRetryMs(this.lockedRetryMs);
    this.precise = setTimeout(() => this.sweep(), this.lockedRetryMs);
  }

  /** Work due before the next cron tick gets its own timer, so it is not up to a second late. */
  private aimAtNextDue(): void {
    if (!this.job) return;
    const now = this.clock.now().getTime();
    const next = this.tasks.map((t) => t.nextDueAt?.()?.getTime() ?? Infinity).reduce((a, b) => Math.min(a, b), Infinity);
    if (this.precise) clearTimeout(this.precise);
    this.precise = null;
    if (next - now < 1000) this.precise = setTimeout(() => this.sweep(), Math.max(0, next - now + 2));
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
