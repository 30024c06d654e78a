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
});
afterEach(() => home.remove());

describe('opsknight-slack CLI', () => {
  it('prints help listing every command, and exits 0', () => {
    const r = cli('--help');
    expect(r.code).toBe(0);
    for (const c of ['serve', 'service', 'user', 'incident', 'config']) expect(r.stdout).toContain(c);
    expect(cli('incident', '--help').stdout).toMatch(/trigger[\s\S]*snooze[\s\S]*note/);
  });

  it('exits 2 on bad usage and 1 on a user error, with a message saying what to do', () => {
    const usage = cli('incident', 'frobnicate');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/unknown command/);
    const missing = cli('incident', 'trigger', '--service', 'x');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--title/);
    const unknown = cli('incident', 'trigger', '-t', 'Boom', '-s', 'payment-api');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/service add payment-api/);
    expect(unknown.stderr).not.toMatch(/at .*\.js/); // no stack trace
  });

  it('manages services, with the Events v2 integration key on show', () => {
    const added = json('service', 'add', 'payment-api', '--name', 'Payment API', '--ack-sla', '10');
    expect(added).toMatchObject({ slug: 'payment-api', name: 'Payment API', ack_sla_minutes: 10, resolve_sla_minutes: 120 });
    expect(added.integration_key).toMatch(/^[0-9a-f]{32}$/);
    const shown = cli('service', 'show', 'payment-api');
    expect(shown.stdout).toContain(added.integration_key);
    expect(json('service', 'update', 'payment-api', '--resolve-sla', '60').resolve_sla_minutes).toBe(60);
    expect(json('service', 'list').map((s: { slug: string }) => s.slug)).toEqual(['payment-api']);
    expect(cli('service', 'add', 'Bad Slug').stderr).toMatch(/lower-case letters/);
    expect(cli('service', 'add', 'payment-api').code).toBe(1);
    expect(cli('service', 'add', 'x', '--ack-sla', 'soon').code).toBe(2);
    expect(cli('service', 'remove', 'payment-api').code).toBe(0);
    expect(json('service', 'list')).toEqual([]);
  });

  it('manages users with case-insensitive unique e-mails and (de)activation', () => {
    json('user', 'add', '--name', 'Jane Doe', '--email', 'Jane@Example.com');
    const dup = cli('user', 'add', '--name', 'J', '--email', 'jane@example.COM');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    expect(json('user', 'update', 'jane@example.com', '--deactivate').status).toBe('INACTIVE');
    expect(json('user', 'list')).toMatchObject([{ name: 'Jane Doe', email: 'Jane@Example.com', status: 'INACTIVE' }]);
  });

  it('triggers and works an incident from the command line', () => {
    json('service', 'add', 'payment-api');
    json('user', 'add', '--name', 'Jane Doe', '--email', 'jane@example.com');
    const inc = json('incident', 'trigger', '-t', 'Database Connection Timeout', '-s', 'payment-api', '-u', 'medium', '-c', 'postgres', '--assignee', 'Jane Doe');
    expect(inc).toMatchObject({ id: 1, status: 'OPEN', urgency: 'MEDIUM', components: ['postgres'], assignee: 'Jane Doe' });

    const human = cli('incident', 'list');
    expect(human.stdout).toMatch(/#1\s+OPEN\s+MEDIUM\s+payment-api/);
    expect(human.stdout).not.toMatch(/\u001b\[/); // NO_COLOR honoured

    expect(json('incident', 'ack', '#1', '--as', 'jane@example.com')).toMatchObject({ status: 'ACKNOWLEDGED', acknowledged_by: 'Jane Doe' });
    expect(cli('incident', 'ack', '1').stdout).toMatch(/already acknowledged by Jane Doe/);
    expect(json('incident', 'snooze', '1', '--for', '2h').status).toBe('SNOOZED');
    expect(cli('incident', 'snooze', '1', '--for', 'ages').stderr).toMatch(/30m/);
    json('incident', 'note', '1', 'Pool', 'exhausted');
    expect(json('incident', 'resolve', '1', '--note', 'Raised pool size')).toMatchObject({ status: 'RESOLVED', resolution_note: 'Raised pool size' });

    const shown = json('incident', 'show', '1');
    expect(shown.events.map((e: { type: string }) => e.type)).toEqual(['triggered', 'acknowledged', 'snoozed', 'note_added', 'resolved']);
    expect(shown.events[0].source).toBe('cli');
    expect(cli('incident', 'show', '1').stdout).toMatch(/Resolution\s+Raised pool size/);
    expect(json('incident', 'list', '--status', 'open')).toMatchObject({ total: 0 });
    expect(cli('incident', 'show', '99').code).toBe(1);
  });

  it('refuses an INACTIVE user acting on incidents', () => {
    json('service', 'add', 'payment-api');
    json('user', 'add', '--name', 'Old Timer', '--email', 'old@example.com', '--inactive');
    json('incident', 'trigger', '-t', 'x', '-s', 'payment-api');
    const r = cli('incident', 'ack', '1', '--as', 'old@example.com');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/INACTIVE/);
  });

  it('points at a missing token until serve made one', () => {
    const r = cli('config', 'show-token');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/serve/);
    expect(cli('config', 'paths').stdout).toContain(home.env.OPSKNIGHT_SLACK_HOME!);
  });
});

describe('policies and schedules', () => {
  it('adds a schedule and a policy, links a service, and answers who is on call', () => {
    json('service', 'add', 'payment-api');
    json('user', 'add', '--name', 'Jane Doe', '--email', 'jane@example.com');
    json('user', 'add', '--name', 'Bob Smith', '--email', 'bob@example.com');
    const s = json('schedule', 'add', 'primary', '--tz', 'Europe/London', '--users', 'jane@example.com,bob@example.com', '--start', '2026-01-05', '--handoff', '09:00', '--length', 'weekly');
    expect(s).toMatchObject({ name: 'primary', time_zone: 'Europe/London', rotation: { users: ['Jane Doe', 'Bob Smith'], length: 'weekly' } });
    expect(cli('schedule', 'add', 'bad', '--tz', 'Mars/Olympus', '--users', 'jane@example.com', '--start', '2026-01-05').stderr).toMatch(/IANA time zone/);
    const p = json('policy', 'add', 'default', '--step', '0:schedule:primary', '--step', '15:bob@example.com', '--repeat', '1');
    expect(p.steps).toEqual([
      { step: 1, delay_minutes: 0, targets: ['schedule primary'] },
      { step: 2, delay_minutes: 15, targets: ['Bob Smith'] },
    ]);
    expect(cli('service', 'update', 'payment-api', '--policy', 'default').code).toBe(0);
    const at = json('schedule', 'oncall', '--at', '2026-01-13T10:00:00Z');
    expect(at.schedules[0]).toMatchObject({ schedule: 'primary', now: 'Bob Smith', next: 'Jane Doe', next_from: '2026-01-19T09:00:00.000Z' });
    expect(at.policies[0]).toMatchObject({ policy: 'default', services: ['payment-api'], first_step: ['Bob Smith (on call for primary)'] });
    expect(cli('schedule', 'override', 'primary', '--user', 'jane@example.com', '--from', '2026-01-13T09:00:00Z', '--to', '2026-01-14T09:00:00Z').code).toBe(0);
    expect(json('schedule', 'oncall', '--at', '2026-01-13T10:00:00Z').schedules[0]).toMatchObject({ now: 'Jane Doe', override: true });
    expect(cli('policy', 'remove', 'default').stderr).toMatch(/used by service payment-api/);
  });
});

describe('bad option values', () => {
  it('serve --port abc is bad usage (exit 2) with a plain message naming the option', () => {
    const r = cli('serve', '--port', 'abc');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port <port>' argument 'abc' is invalid\. A port is a whole number/);
    expect(r.stderr).not.toMatch(/NaN|Invalid input/);
  });
});
