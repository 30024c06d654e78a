// The card's "More actions" from the command line: reassign, unack, reopen, urgency, escalate.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempHome } from '../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
const cli = (...args: string[]) => runCli(args, home.env);
const json = (...args: string[]) => {
  const r = cli(...args, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

beforeEach(() => {
  home = tempHome();
  json('service', 'add', 'payment-api');
  json('user', 'add', '--name', 'Jane Doe', '--email', 'jane@example.com');
  json('user', 'add', '--name', 'Bob Smith', '--email', 'bob@example.com');
  json('incident', 'trigger', '-t', 'Database Connection Timeout', '-s', 'payment-api');
});
afterEach(() => home.remove());

describe('incident reassign | unack | reopen | urgency | escalate', () => {
  it('works an incident through each, saying when nothing changed', () => {
    expect(json('incident', 'reassign', '1', 'bob@example.com', '--as', 'jane@example.com')).toMatchObject({ assignee: 'Bob Smith', changed: true });
    expect(cli('incident', 'reassign', '1', 'bob@example.com').stdout).toMatch(/already assigned to Bob Smith/);
    expect(json('incident', 'urgency', '1', 'low')).toMatchObject({ urgency: 'LOW', changed: true });
    json('incident', 'ack', '1');
    expect(json('incident', 'unack', '1')).toMatchObject({ status: 'OPEN', acknowledged_at: null, changed: true });
    json('incident', 'resolve', '1');
    expect(json('incident', 'reopen', '1')).toMatchObject({ status: 'OPEN', resolved_at: null, changed: true });
    const types = json('incident', 'show', '1').events.map((e: { type: string }) => e.type);
    expect(types).toEqual(['triggered', 'reassigned', 'urgency_changed', 'acknowledged', 'unacknowledged', 'resolved', 'reopened']);
  });

  it('exits 2 on a bad urgency and 1 where the state or the setup forbids it, saying what to do', () => {
    expect(cli('incident', 'urgency', '1', 'extreme').code).toBe(2);
    const unknown = cli('incident', 'reassign', '1', 'nobody@example.com');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/user add/);
    const noPolicy = cli('incident', 'escalate', '1');
    expect(noPolicy.code).toBe(1);
    expect(noPolicy.stderr).toMatch(/has no escalation policy.*--policy/);
    json('incident', 'resolve', '1');
    const resolved = cli('incident', 'reassign', '1', 'jane@example.com');
    expect(resolved.code).toBe(1);
    expect(resolved.stderr).toMatch(/RESOLVED .*cannot be reassigned/);
    const badWindow = runCli(['incident', 'reopen', '1'], { ...home.env, OPSKNIGHT_REOPEN_WINDOW: 'a while' });
    expect(badWindow.code).toBe(1);
    expect(badWindow.stderr).toMatch(/OPSKNIGHT_REOPEN_WINDOW="a while" is not a duration/);
  });
});
