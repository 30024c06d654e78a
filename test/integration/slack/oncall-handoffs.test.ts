// On-call in Slack: at each handoff of a schedule, a line in its handoff channel and a direct message
// to the incoming person; a user group whose members follow whoever is on call (handoffs and
// overrides). Time moves on the daemon's injected clock: the daily handoff at 09:00 Europe/London
// crosses the change to summer time (Sunday 28 March 2027, 01:00 GMT → 02:00 BST).
import { afterEach, describe, expect, it } from 'vitest';
import { handoffTask } from '../../../src/slack/oncall/handoff-sweep.js';
import { openDatabase } from '../../../src/store/db.js';
import { OutboxRepo } from '../../../src/store/outbox-repo.js';
import { ScheduleSlackRepo } from '../../../src/store/schedule-slack-repo.js';
import { SqliteUnitOfWork } from '../../../src/store/unit-of-work.js';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

const JANE = 'U0JANE00001';
const BOB = 'U0BOB000001';
const ALICE = 'U0ALICE0001';

/** Jane and Bob hand over daily at 09:00 London time; the clock is set to `at`. */
async function withRotation(at: string) {
  stack = await startStack();
  const s = stack;
  s.clock.advance(Date.parse(at) - s.clock.ms());
  const { directory, oncall } = s.daemon.core;
  directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
  directory.addUser({ name: 'Bob Smith', email: 'bob@example.com' });
  directory.addUser({ name: 'Alice Chen', email: 'alice.chen@example.com' });
  const schedule = oncall.addSchedule({ name: 'primary', timeZone: 'Europe/London', userEmails: ['jane@example.com', 'bob@example.com'], start: '2027-03-20', handoff: '09:00', length: { kind: 'daily' } });
  /** Moves the clock to an instant and lets the scheduler and delivery do what fell due. */
  const moveTo = async (iso: string) => {
    s.clock.advance(Date.parse(iso) - s.clock.ms());
    s.daemon.scheduler.sweep();
    await s.settle();
  };
  const channel = () => s.sandbox.world.channelMessages('C0GENERAL01').map((m) => m.text);
  return { s, schedule, moveTo, channel };
}

describe('shift handoffs in Slack', () => {
  it('announces the handoff across the DST change at 09:00 local time, once, and messages the incoming person', async () => {
    // Saturday 27 March 2027, 10:00 GMT: Bob is on call since 09:00 GMT.
    const { s, schedule, moveTo, channel } = await withRotation('2027-03-27T10:00:00Z');
    s.daemon.core.scheduleSlack.setHandoffChannel(schedule.id, s.teamId, 'C0GENERAL01', s.clock.now());
    await moveTo('2027-03-27T10:00:05Z');
    expect(channel()).toEqual([]);

    // Sunday 07:59 UTC is 08:59 BST: not yet (a 24-hour shift would still run until 09:00 UTC).
    await moveTo('2027-03-28T07:59:00Z');
    expect(channel()).toEqual([]);

    // 08:00 UTC is 09:00 BST: Jane takes over until Monday 09:00 London time (08:00 UTC).
    await moveTo('2027-03-28T08:00:30Z');
    expect(channel()).toEqual([`🔄 <@${JANE}> is now on call for *primary* until Mon 09:00 (Europe/London); next: Bob Smith`]);
    const dm = await s.slack.expectDirectMessage('jane', /now on call/);
    expect(dm).toBe('🟢 You are now on call for *primary* until Mon 09:00 (Europe/London); next: Bob Smith.');
    expect(s.slack.directMessagesTo('bob')).toEqual([]);

    // Later sweeps, and a restart's catch-up, announce nothing more until the next handoff.
    await moveTo('2027-03-28T12:00:00Z');
    await moveTo('2027-03-29T07:59:00Z');
    expect(channel()).toHaveLength(1);
    await moveTo('2027-03-29T08:00:01Z');
    expect(channel()[1]).toBe(`🔄 <@${BOB}> is now on call for *primary* until Tue 09:00 (Europe/London); next: Jane Doe`);
  });

  it('announces each handoff once when two daemons share the database', async () => {
    const { s, schedule, moveTo, channel } = await withRotation('2027-03-27T10:00:00Z');
    s.daemon.core.scheduleSlack.setHandoffChannel(schedule.id, s.teamId, 'C0GENERAL01', s.clock.now());
    // A second daemon's sweep over its own connection to the same database file.
    const db = openDatabase(s.daemon.core.paths.database);
    try {
      const other = handoffTask({ uow: new SqliteUnitOfWork(db), scheduleSlack: new ScheduleSlackRepo(db), outbox: new OutboxRepo(db), clock: s.clock });
      s.clock.advance(Date.parse('2027-03-28T08:00:30Z') - s.clock.ms());
      // The other daemon sweeps first and announces; this daemon's sweep then finds it done.
      expect(other.run()).toBe(1);
      await moveTo('2027-03-28T08:01:00Z');
      expect(other.run()).toBe(0);
      const rows = s.daemon.core.db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'handoff'").get() as { n: number };
      expect(rows.n).toBe(1);
      expect(channel()).toEqual([`🔄 <@${JANE}> is now on call for *primary* until Mon 09:00 (Europe/London); next: Bob Smith`]);
    } finally {
      db.close();
    }
  });
});

describe('on-call user group', () => {
  it('follows whoever is on call: at once, after an override, and back when it ends', async () => {
    const { s, schedule, moveTo, channel } = await withRotation('2027-03-27T10:00:00Z');
    const members = () => s.sandbox.world.userGroups.get('S0ONCALLPRI')!.users;
    expect(members()).toEqual([ALICE]);
    s.daemon.core.scheduleSlack.setUserGroup(schedule.id, s.teamId, { id: 'S0ONCALLPRI', handle: 'oncall-primary' }, s.clock.now());
    await moveTo('2027-03-27T10:00:05Z');
    expect(members()).toEqual([BOB]);

    // Alice covers for Bob for two hours: the group is hers while it lasts, then Bob's again.
    s.daemon.core.oncall.addOverride('primary', 'alice.chen@example.com', new Date('2027-03-27T11:00:00Z'), new Date('2027-03-27T13:00:00Z'));
    await moveTo('2027-03-27T10:59:00Z');
    expect(members()).toEqual([BOB]);
    await moveTo('2027-03-27T11:00:01Z');
    expect(members()).toEqual([ALICE]);
    await moveTo('2027-03-27T13:00:01Z');
    expect(members()).toEqual([BOB]);
    // An override that started before anyone looked still counts.
    s.daemon.core.oncall.addOverride('primary', 'jane@example.com', new Date('2027-03-27T12:00:00Z'), new Date('2027-03-27T15:00:00Z'));
    await moveTo('2027-03-27T13:10:00Z');
    expect(members()).toEqual([JANE]);
    // The group alone announces nothing in a channel.
    expect(channel()).toEqual([]);
    const synced = s.daemon.core.db.prepare("SELECT status FROM outbox WHERE kind = 'usergroup_sync' ORDER BY id").all() as { status: string }[];
    expect(synced.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
  });

  it('leaves the group as it is, saying why, when the on-call person has no Slack account or the scope is missing', async () => {
    const { s, schedule, moveTo } = await withRotation('2027-03-27T10:00:00Z');
    s.daemon.core.directory.addUser({ name: 'Nora Nobody', email: 'nora@example.com' });
    s.daemon.core.scheduleSlack.setUserGroup(schedule.id, s.teamId, { id: 'S0ONCALLPRI', handle: 'oncall-primary' }, s.clock.now());
    s.daemon.core.oncall.addOverride('primary', 'nora@example.com', new Date('2027-03-27T09:30:00Z'), new Date('2027-03-27T12:00:00Z'));
    await moveTo('2027-03-27T10:00:05Z');
    expect(s.sandbox.world.userGroups.get('S0ONCALLPRI')!.users).toEqual([ALICE]);
    const failed = s.daemon.core.db.prepare("SELECT last_error FROM outbox WHERE kind = 'usergroup_sync' AND status = 'failed'").get() as { last_error: string };
    expect(failed.last_error).toBe('Nora Nobody (on call for primary) has no Slack user with the e-mail nora@example.com: @oncall-primary keeps its members');

    // Without usergroups:write, the feature is refused in words that say what to do; no Slack call.
    s.daemon.core.workspaces.setScopes(s.teamId, s.daemon.core.workspaces.get(s.teamId)!.scopes.filter((x) => x !== 'usergroups:write'));
    await moveTo('2027-03-27T12:00:05Z');
    const refused = s.daemon.core.db.prepare("SELECT last_error FROM outbox WHERE kind = 'usergroup_sync' ORDER BY id DESC").get() as { last_error: string };
    expect(refused.last_error).toMatch(/^on-call user groups \(members follow the schedule\) need the bot scope usergroups:write, which this workspace has not granted/);
    expect(s.sandbox.world.userGroups.get('S0ONCALLPRI')!.users).toEqual([ALICE]);
  });
});

describe('the handoff task and the scheduler', () => {
  it('aims the scheduler at the next handoff, not at one already past (a group alone announces nothing)', async () => {
    const { s, schedule, moveTo } = await withRotation('2027-03-27T10:00:00Z');
    s.daemon.core.scheduleSlack.setUserGroup(schedule.id, s.teamId, { id: 'S0ONCALLPRI', handle: 'oncall-primary' }, new Date('2027-03-20T00:00:00Z'));
    await moveTo('2027-03-27T10:00:05Z');
    const task = handoffTask({ uow: new SqliteUnitOfWork(s.daemon.core.db), scheduleSlack: s.daemon.core.scheduleSlack, outbox: s.daemon.core.outbox, clock: s.clock });
    expect(task.nextDueAt()?.toISOString()).toBe('2027-03-28T08:00:00.000Z');
    s.daemon.core.scheduleSlack.setHandoffChannel(schedule.id, s.teamId, 'C0GENERAL01', s.clock.now());
    expect(task.nextDueAt()?.toISOString()).toBe('2027-03-28T08:00:00.000Z');
  });
});
