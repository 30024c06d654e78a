// The one answer path for Slack (HTTP and Socket Mode): the answer is in time whatever the handler
// does, and the work left for after it runs once it has gone. Time is driven by the test.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.js';
import { ANSWER_DEADLINE_MS, answerSlack, SOMETHING_WENT_WRONG, type Schedule } from '../../../src/slack/answer.js';
import type { Dispatched } from '../../../src/slack/interactions/router.js';
import { ackEnvelope } from '../../../src/slack/socket-mode.js';

const logger = createLogger('silent');

/** A clock the test moves: fire() runs what is due at the deadline. */
function manualClock() {
  const due: { ms: number; fn: () => void; cancelled: boolean }[] = [];
  const schedule: Schedule = (ms, fn) => {
    const entry = { ms, fn, cancelled: false };
    due.push(entry);
    return () => void (entry.cancelled = true);
  };
  return { schedule, due, fire: () => due.filter((d) => !d.cancelled).forEach((d) => d.fn()) };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('answerSlack', () => {
  it('gives a quick handler\'s answer, and runs its follow-up only when asked (after sending)', async () => {
    const clock = manualClock();
    const log: string[] = [];
    const answer = await answerSlack(async () => ({ answer: { body: { text: 'done' } }, after: async () => void log.push('after') }), { logger, schedule: clock.schedule });
    expect(answer).toMatchObject({ status: 200, body: { text: 'done' } });
    expect(clock.due.map((d) => [d.ms, d.cancelled])).toEqual([[ANSWER_DEADLINE_MS, true]]);
    expect(log).toEqual([]);
    await answer.after!();
    expect(log).toEqual(['after']);
  });

  it('answers an empty 200 at the deadline for a slow handler; its answer and follow-up come later', async () => {
    const clock = manualClock();
    const work = deferred<Dispatched>();
    const log: string[] = [];
    const pending = answerSlack(() => work.promise, { logger, schedule: clock.schedule });
    clock.fire();
    const answer = await pending;
    expect(answer).toEqual({ status: 200, after: expect.any(Function) });
    const followUp = answer.after!();
    work.resolve({ answer: { body: { text: 'late' } }, after: async () => void log.push('late reply') });
    await followUp;
    expect(log).toEqual(['late reply']);
  });

  it('a failing handler gives the user an ephemeral line, not silence', async () => {
    const answer = await answerSlack(() => Promise.reject(new Error('boom')), { logger, schedule: manualClock().schedule });
    expect(answer).toEqual({ status: 200, body: SOMETHING_WENT_WRONG });
  });
});

describe('Socket Mode acks through the same path', () => {
  it('acks at the deadline when the handler is slow (the 3-second rule holds over the websocket too)', async () => {
    const clock = manualClock();
    const work = deferred<Dispatched>();
    const acks: unknown[] = [];
    const done = ackEnvelope({ body: {}, ack: async (p) => void acks.push(p) }, () => work.promise, { logger, schedule: clock.schedule });
    await Promise.resolve();
    expect(acks).toEqual([]);
    clock.fire();
    await new Promise((r) => setImmediate(r));
    expect(acks).toEqual([undefined]);
    work.resolve({ answer: { body: { response_action: 'clear' } } });
    await done;
    expect(acks).toEqual([undefined]); // acked once
  });

  it('acks with the answer\'s body when the handler is quick', async () => {
    const acks: unknown[] = [];
    await ackEnvelope({ body: {}, ack: async (p) => void acks.push(p) }, async () => ({ answer: { body: { response_action: 'errors', errors: { x: 'y' } } } }), { logger, schedule: manualClock().schedule });
    expect(acks).toEqual([{ response_action: 'errors', errors: { x: 'y' } }]);
  });
});
