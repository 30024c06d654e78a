// The sweep loop: pokes make it sweep soon, and a burst of pokes costs a few sweeps, not one each.
import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../../src/daemon/scheduler.js';
import { createLogger } from '../../../src/observability/logger.js';

let scheduler: Scheduler | null = null;
afterEach(() => scheduler?.stop());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Scheduler', () => {
  it('sweeps soon after a poke, and coalesces a burst of pokes', async () => {
    const sweptAt: number[] = [];
    scheduler = new Scheduler([{ name: 'count', run: () => (sweptAt.push(Date.now()), 0) }], { now: () => new Date() }, createLogger('silent'));
    scheduler.start();
    await sleep(150);

    // Swept within the poke gap (100 ms) at most, even if cron's tick has just run.
    const poked = Date.now();
    scheduler.poke();
    await sleep(130);
    const first = sweptAt.find((t) => t >= poked);
    expect(first).toBeDefined();
    expect(first! - poked).toBeLessThanOrEqual(110);

    // 300 ms of pokes on every turn: at most one sweep per 100 ms (plus cron's once-a-second tick).
    const burstStart = sweptAt.length;
    const until = Date.now() + 300;
    while (Date.now() < until) {
      scheduler.poke();
      await new Promise((r) => setImmediate(r));
    }
    await sleep(120);
    const duringBurst = sweptAt.length - burstStart;
    expect(duringBurst).toBeGreaterThanOrEqual(2);
    expect(duringBurst).toBeLessThanOrEqual(6);
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
      // Due long ago: a sweep that failed would aim its precise timer at "now" again and again.
      nextDueAt: () => (done ? null : new Date(0)),
    };
    scheduler = new Scheduler([overdue], { now: () => new Date() }, createLogger('silent'));
    scheduler.start();
    await sleep(500);
    // Retries at most every 100 ms (plus cron's tick), not on every turn of the event loop.
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(12);
    expect(done).toBe(0);
    locked = false;
    const unlockedAt = Date.now();
    while (!done && Date.now() - unlockedAt < 1000) await sleep(10);
    expect(done).toBe(1);
    expect(Date.now() - unlockedAt).toBeLessThan(500);
  });
});
