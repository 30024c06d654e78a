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
