// Our own pacing: a call that can wait (a storm card's edit mid-storm) leaves part of the budget to
// the calls that cannot (each card's final edit).
import { describe, expect, it } from 'vitest';
import { Pacer, type PaceRule } from '../../../src/slack/delivery/pace.js';

const rule: PaceRule = { ratePerSecond: 1, burst: 5 };

describe('Pacer', () => {
  it('a call that keeps budget for others goes only while more than that is left; the others still go', () => {
    const pacer = new Pacer();
    for (let n = 0; n < 2; n++) {
      expect(pacer.waitMs('k', rule, 0, 3)).toBe(0);
      pacer.take('k', rule, 0);
    }
    // Three left: the patient call waits for a fourth, the others go at once, three times.
    expect(pacer.waitMs('k', rule, 0, 3)).toBe(1000);
    for (let n = 0; n < 3; n++) {
      expect(pacer.waitMs('k', rule, 0)).toBe(0);
      pacer.take('k', rule, 0);
    }
    expect(pacer.waitMs('k', rule, 0)).toBe(1000);
  });

  it('never keeps the whole burst: a patient call still goes once the budget is full', () => {
    const pacer = new Pacer();
    expect(pacer.waitMs('k', rule, 0, 50)).toBe(0);
    pacer.take('k', rule, 0);
    expect(pacer.waitMs('k', rule, 0, 50)).toBe(1000);
  });
});
