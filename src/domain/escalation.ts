// Escalation policies: ordered steps, each with a delay and targets (users or a schedule's on-call
// person), repeated a number of times. Pure rules for when each step falls due.
import { ValidationError } from './errors.js';

export type EscalationTarget = { type: 'user'; userId: number } | { type: 'schedule'; scheduleId: number };

export interface EscalationStep {
  /** Minutes after the previous step (the first: after the trigger, or the wake-up). */
  delayMinutes: number;
  targets: EscalationTarget[];
}

export interface EscalationPolicy {
  id: number;
  name: string;
  steps: EscalationStep[];
  /** How many times to run the steps again after the last one. */
  repeat: number;
}

export interface EscalationState {
  incidentId: number;
  policyId: number;
  /** Index of the next step to fire. */
  step: number;
  cycle: number;
  /** When the next step falls due; null when stopped or paused. */
  nextAt: Date | null;
}

export function validatePolicy(steps: EscalationStep[], repeat: number): void {
  if (!steps.length) throw new ValidationError('A policy needs at least one step.', 'steps');
  for (const [i, s] of steps.entries()) {
    if (!Number.isInteger(s.delayMinutes) || s.delayMinutes < 0 || s.delayMinutes > 1440) {
      throw new ValidationError(`Step ${i + 1}: the delay must be 0 to 1440 minutes.`, 'steps');
    }
    if (!s.targets.length) throw new ValidationError(`Step ${i + 1} has no targets.`, 'steps');
  }
  if (!Number.isInteger(repeat) || repeat < 0 || repeat > 10) throw new ValidationError('repeat must be 0 to 10.', 'repeat');
}

const minutes = (n: number) => n * 60_000;

/** Escalation from the start (on trigger, or again on wake-up). */
export function startEscalation(policy: EscalationPolicy, incidentId: number, from: Date): EscalationState {
  return { incidentId, policyId: policy.id, step: 0, cycle: 0, nextAt: new Date(from.getTime() + minutes(policy.steps[0]!.delayMinutes)) };
}

/** After the step due at `state.nextAt` fired: the next step, the next cycle, or the end.
 *  Timed from when the step was due, not when the sweep ran, so catching up keeps the schedule. */
export function advanceEscalation(policy: EscalationPolicy, state: EscalationState): EscalationState {
  const firedAt = state.nextAt!;
  let step = state.step + 1;
  let cycle = state.cycle;
  if (step >= policy.steps.length) {
    if (cycle >= policy.repeat) return { ...state, step, nextAt: null };
    step = 0;
    cycle += 1;
  }
  return { ...state, step, cycle, nextAt: new Date(firedAt.getTime() + minutes(policy.steps[step]!.delayMinutes)) };
}

/** "Escalate now": the step that would fire next fires at once (after the last step of the last
 *  cycle, the last step again), and the following step is timed from now. `running` is false when
 *  the incident is not OPEN (acknowledged or snoozed): then nothing more is scheduled. */
export function escalateNowFrom(
  policy: EscalationPolicy,
  state: EscalationState | null,
  incidentId: number,
  at: Date,
  running: boolean,
): { step: number; cycle: number; next: EscalationState } {
  const from = state ?? startEscalation(policy, incidentId, at);
  const step = Math.min(from.step, policy.steps.length - 1);
  const next = advanceEscalation(policy, { ...from, policyId: policy.id, step, nextAt: at });
  return { step, cycle: from.cycle, next: running ? next : { ...next, nextAt: null } };
}

/** Two people pressing "Escalate now" together page the next step once: a manual escalation this
 *  recent makes another one a no-op. */
export const ESCALATE_NOW_DEBOUNCE_MS = 60_000;
