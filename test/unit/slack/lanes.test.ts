// Delivery leases per lane: one holder at a time; a call starts only with a third of the lease left;
// a lease that ran out, or was given back, passes to the next daemon that looks.
import { describe, expect, it } from 'vitest';
import { LaneLeases } from '../../../src/slack/delivery/lanes.js';
import { openDatabase } from '../../../src/store/db.js';
import { DeliveryLeases } from '../../../src/store/delivery-leases.js';

const LEASE = 15_000;

function twoDaemons() {
  const store = new DeliveryLeases(openDatabase(':memory:'));
  return { store, a: new LaneLeases(store, { owner: 'daemon-a', leaseMs: LEASE }), b: new LaneLeases(store, { owner: 'daemon-b', leaseMs: LEASE }) };
}

describe('delivery leases', () => {
  it('one daemon holds a lane; the other delivers it only once the lease ran out', () => {
    const { a, b } = twoDaemons();
    a.refresh(['T1'], 0);
    b.refresh(['T1'], 0);
    expect([a.holds('T1', 0), b.holds('T1', 0)]).toEqual([true, false]);
    // A dies: no renewal. Just before the end B still waits; after it, B takes the lane.
    b.refresh(['T1'], LEASE - 1);
    expect(b.holds('T1', LEASE - 1)).toBe(false);
    b.refresh(['T1'], LEASE + 1000);
    expect(b.holds('T1', LEASE + 1000)).toBe(true);
    expect(a.holds('T1', LEASE + 1000)).toBe(false);
  });

  it('renews at a third, and starts no call with less than a third of the lease left', () => {
    const { a, b } = twoDaemons();
    a.refresh(['T1'], 0);
    expect(a.refresh(['T1'], 0)).toBe(LEASE / 3);
    // Renewals that could not run (a locked database): calls stop while the lease still stands.
    expect(a.holds('T1', (2 * LEASE) / 3)).toBe(true);
    expect(a.holds('T1', (2 * LEASE) / 3 + 1)).toBe(false);
    a.refresh(['T1'], (2 * LEASE) / 3 + 1);
    expect(a.holds('T1', (2 * LEASE) / 3 + 1)).toBe(true);
    b.refresh(['T1'], LEASE + 1000);
    expect(b.holds('T1', LEASE + 1000)).toBe(false);
  });

  it('a lease given back at a clean stop passes at the next look, not when it would have run out', () => {
    const { store, a, b } = twoDaemons();
    a.refresh(['T1', 'T2'], 0);
    b.refresh(['T1', 'T2'], 0);
    a.release();
    expect(store.all()).toEqual([]);
    b.refresh(['T1', 'T2'], 1000);
    expect([b.holds('T1', 1000), b.holds('T2', 1000)]).toEqual([true, true]);
    expect(store.all().map((l) => l.owner)).toEqual(['daemon-b', 'daemon-b']);
  });
});
