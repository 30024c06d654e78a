// The card's "More actions" transitions: pure rules of (incident, actor, time).
import { describe, expect, it } from 'vitest';
import { addResponders, changeUrgency, DEFAULT_REOPEN_WINDOW_MS, reassign, reopen, unacknowledge } from '../../../src/domain/card-actions.js';
import { DomainError } from '../../../src/domain/errors.js';
import { anIncident, T0 } from '../../helpers/builders.js';

const jane = { name: 'Jane Doe', userId: 1, ref: 'slack:T1:U0JANE' };
const bob = { name: 'Bob Smith', ref: 'slack:T1:U0BOB' };
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const resolved = anIncident({ status: 'RESOLVED', resolvedAt: T0, resolvedBy: jane, resolutionNote: 'restarted' });

describe('reassign', () => {
  it('sets the assignee and its Slack reference, and records from whom to whom', () => {
    const r = reassign(anIncident({ assignee: 'Jane Doe', assigneeRef: jane.ref }), jane, later(1), bob);
    if (!r.changed) throw new Error('expected a change');
    expect(r.incident.assignee).toBe('Bob Smith');
    expect(r.incident.assigneeRef).toBe('slack:T1:U0BOB');
    expect(r.event).toMatchObject({ type: 'reassigned', details: { from: 'Jane Doe', to: bob } });
  });

  it('to the same person changes nothing and says so (a second concurrent click)', () => {
    const once = reassign(anIncident(), jane, later(1), bob);
    const twice = reassign(once.incident, jane, later(1), { name: 'Bob Smith', ref: 'slack:T1:U0BOB' });
    expect(twice).toMatchObject({ changed: false, reason: 'Incident #42 is already assigned to Bob Smith.' });
  });

  it('is refused on a resolved incident', () => {
    expect(() => reassign(resolved, jane, later(1), bob)).toThrow(/is RESOLVED .*cannot be reassigned/);
  });
});

describe('addResponders', () => {
  it('adds each new person once and leaves out those already there', () => {
    const first = addResponders(anIncident(), jane, later(1), [bob]);
    const second = addResponders(first.incident, jane, later(2), [bob, jane]);
    if (!second.changed) throw new Error('expected a change');
    expect(second.incident.responders.map((p) => p.name)).toEqual(['Bob Smith', 'Jane Doe']);
    expect(second.event.details).toEqual({ added: [jane] });
  });

  it('with only people already responding changes nothing (two people adding the same person)', () => {
    const first = addResponders(anIncident(), jane, later(1), [bob]);
    expect(addResponders(first.incident, jane, later(1), [bob])).toMatchObject({ changed: false, reason: 'Bob Smith is already responding to incident #42.' });
  });

  it('needs someone, and not on a resolved incident', () => {
    expect(() => addResponders(anIncident(), jane, later(1), [])).toThrow(DomainError);
    expect(() => addResponders(resolved, jane, later(1), [bob])).toThrow(/cannot be given responders/);
  });
});

describe('unacknowledge', () => {
  it('takes an acknowledged incident back to OPEN, forgetting who acknowledged', () => {
    const r = unacknowledge(anIncident({ status: 'ACKNOWLEDGED', acknowledgedAt: T0, acknowledgedBy: jane }), bob, later(5));
    if (!r.changed) throw new Error('expected a change');
    expect(r.incident).toMatchObject({ status: 'OPEN', acknowledgedAt: null, acknowledgedBy: null });
    expect(r.event).toMatchObject({ type: 'unacknowledged', details: { acknowledged_by: 'Jane Doe' } });
  });

  it('on an open incident is a no-op that says so; on a snoozed or resolved one it is refused', () => {
    expect(unacknowledge(anIncident(), bob, later(1))).toMatchObject({ changed: false, reason: 'Incident #42 is not acknowledged (it is OPEN).' });
    expect(() => unacknowledge(anIncident({ status: 'SNOOZED' }), bob, later(1))).toThrow(/cannot be unacknowledged/);
    expect(() => unacknowledge(resolved, bob, later(1))).toThrow(/cannot be unacknowledged/);
  });
});

describe('reopen', () => {
  it('takes a resolved incident back to OPEN within the window, clearing the resolution', () => {
    const r = reopen(resolved, bob, later(60));
    if (!r.changed) throw new Error('expected a change');
    expect(r.incident).toMatchObject({ status: 'OPEN', resolvedAt: null, resolvedBy: null, resolutionNote: null });
    expect(r.event).toMatchObject({ type: 'reopened', details: { resolved_by: 'Jane Doe' } });
  });

  it('is refused past the window (24 h by default, or as configured), saying what to do instead', () => {
    expect(() => reopen(resolved, bob, new Date(T0.getTime() + DEFAULT_REOPEN_WINDOW_MS + 60_000))).toThrow(
      'Incident #42 was resolved 1d 1m ago; it can be reopened only within 1d of its resolution. Trigger a new incident instead.',
    );
    expect(() => reopen(resolved, bob, later(31), 30 * 60_000)).toThrow(/only within 30m/);
    expect(reopen(resolved, bob, later(29), 30 * 60_000).changed).toBe(true);
  });

  it('on an incident that is not resolved changes nothing', () => {
    expect(reopen(anIncident(), bob, later(1))).toMatchObject({ changed: false, reason: /not resolved/ });
  });
});

describe('changeUrgency', () => {
  it('changes the urgency and records from and to; the same urgency is a no-op', () => {
    const r = changeUrgency(anIncident({ urgency: 'LOW' }), jane, later(1), 'HIGH');
    if (!r.changed) throw new Error('expected a change');
    expect(r.incident.urgency).toBe('HIGH');
    expect(r.event.details).toEqual({ from: 'LOW', to: 'HIGH' });
    expect(changeUrgency(r.incident, bob, later(1), 'HIGH')).toMatchObject({ changed: false, reason: 'Incident #42 is already HIGH urgency.' });
    expect(() => changeUrgency(resolved, jane, later(1), 'LOW')).toThrow(/cannot be given another urgency/);
  });
});
