// The clock a test gives the daemon and the sandbox: real time plus however far the test has moved
// it on. Time keeps flowing (pacing, timeouts and the 3-second answer behave as in life), and a
// test jumps 16 minutes ahead to see an SLA breach instead of waiting or editing stored due times.
import type { Clock } from '../../src/domain/ports.js';

export class TestClock implements Clock {
  private offsetMs = 0;
  private heldAt: number | null = null;

  now(): Date {
    return new Date(this.ms());
  }

  ms(): number {
    return (this.heldAt ?? Date.now()) + this.offsetMs;
  }

  /** Time stands still from now on, moving only when the test advances it (for a story about a
   *  budget that refills with time, such as Slack's rate limits). */
  hold(): void {
    this.heldAt = Date.now();
  }

  /** Moves time on by `ms`, for the daemon and the sandbox alike. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
