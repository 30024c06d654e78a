// The sweep loop: pokes make it sweep soon, and a burst of pokes costs a few sweeps, not one each;
// work due between cron's ticks runs on time; a locked database is retried without spinning.
// Time is vitest's fake clock and timers (cron's included): the test advances it, nothing sleeps,
// so a loaded machine cannot make it flaky.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scheduler, type SweepTask } from '../../../src/daemon/scheduler.js';
import { createLogger } from '../../../src/observability/logger.js';

let scheduler: Scheduler | null = null;
beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-02T09:00:00.250Z') });
});
afterEach(() => {
  scheduler?.stop();
  scheduler = null;
  vi.useRealTimers();
});

const systemTime = { now: () => new Date() }; // faked by vi.useFakeTimers
const start = (tasks: SweepTask[]) => {
  scheduler = new Scheduler(tasks, systemTime, createLogger('silent'));
  scheduler.start();
  return scheduler;
};

describe('Scheduler', () => {
  it('sweeps soon after a poke, and coalesces a burst of pokes', async () => {
    const sweptAt: number[] = [];
    const s = start([{ name: 'count', run: () => (sweptAt.push(Date.now()), 0) }]);
    await vi.advanceTimersByTimeAsync(150);

    // Swept within the poke gap (100 ms) at most, even if cron's tick has just run.
    const poked = Date.now();
    s.poke();
    await vi.advanceTimersByTimeAsync(130);
    const first = sweptAt.find((t) => t >= poked);
    expect(first).toBeDefined();
    expect(first! - poked).toBeLessThanOrEqual(110);

    // 300 ms of pokes, one every millisecond: at most one sweep per 100 ms (plus cron's once-a-second tick).
    const burstStart = sweptAt.length;
    for (let i = 0; i < 300; i++) {
      s.poke();
      await vi.advanceTimersByTimeAsync(1);
    }
    await vi.advanceTimersByTimeAsync(120);
    const duringBurst = sweptAt.length - burstStart;
    expect(duringBurst).toBeGreaterThanOrEqual(2);
    expect(duringBurst).toBeLessThanOrEqual(6);
  });

  it('runs work due between two ticks at its due time, not at the next tick', async () => {
    let dueAt = Date.now() + 1300;
    const doneAt: number[] = [];
    start([
      {
        name: 'due',
        run: () => (Date.now() >= dueAt ? (doneAt.push(Date.now()), (dueAt = Infinity), 1) : 0),
        nextDueAt: () => (Number.isFinite(dueAt) ? new Date(dueAt) : null),
      },
    ]);
    const due = dueAt;
    await vi.advanceTimersByTimeAsync(2000);
    expect(doneAt).toHaveLength(1);
    // Cron ticks on whole seconds (…:01.000, …:02.000); the work is due at …:01.550.
    expect(doneAt[0]! - due).toBeGreaterThanOrEqual(0);
    expect(doneAt[0]! - due).toBeLessThan(50);
  });

  it('sweeps every second with nothing else going on, and stops when stopped', async () => {
    let sweeps = 0;
    const s = start([{ name: 'count', run: () => (sweeps++, 0) }]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sweeps).toBeGreaterThanOrEqual(10);
    expect(sweeps).toBeLessThanOrEqual(11);
    s.stop();
    const before = sweeps;
    s.poke();
    await vi.advanceTimersByTimeAsync(5000);
    expect(sweeps).toBe(before);
  });
});

describe('Scheduler while the database is locked by another process', () => {
  it('backs off instead of spinning on overdue work, and catches up as soon as the lock goes', async () => {
    let locked = true;
    let attempts = 0;
    let done = 0;
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const overdue = {
      name: 'overdue',
      run: () => {
        attempts++;
        if (locked) throw busy;
        done++;
        return 1;
      },
      // Due long ago: a sweep that failed would aim its timer at "now" again and again.
      nextDueAt: () => (done ? null : new Date(0)),
    };
    start([overdue]);
    await vi.advanceTimersByTimeAsync(500);
    // Retries at most every 100 ms (plus cron's tick), not on every turn of the event loop.
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(12);
    expect(done).toBe(0);
    locked = false;
    const unlockedAt = Date.now();
    while (!done && Date.now() - unlockedAt < 1000) await vi.advanceTimersByTimeAsync(10);
    expect(done).toBe(1);
    expect(Date.now() - unlockedAt).toBeLessThan(500);
  });
});
