// Where a schedule shows in Slack, per workspace: the handoff channel and the user group it owns,
// and how far the handoff sweep has got (the last handoff announced, who the group was set to).
// The sweep's marks are compare-and-set, so two daemons sharing the database announce once.
import { prepared, type Db } from './db.js';

export interface ScheduleSlack {
  scheduleId: number;
  teamId: string;
  handoffChannel: string | null;
  usergroupId: string | null;
  usergroupHandle: string | null;
  /** Handoffs up to this instant are announced (or came before the channel was chosen). */
  announcedTo: Date;
  /** Who the user group was last set to ("user:<id>", "none"); null: not yet. */
  syncedKey: string | null;
}

interface Row {
  schedule_id: number;
  team_id: string;
  handoff_channel: string | null;
  usergroup_id: string | null;
  usergroup_handle: string | null;
  announced_to: number;
  synced_key: string | null;
}

const toConfig = (r: Row): ScheduleSlack => ({
  scheduleId: r.schedule_id,
  teamId: r.team_id,
  handoffChannel: r.handoff_channel,
  usergroupId: r.usergroup_id,
  usergroupHandle: r.usergroup_handle,
  announcedTo: new Date(Number(r.announced_to)),
  syncedKey: r.synced_key,
});

export class ScheduleSlackRepo {
  constructor(private readonly db: Db) {}

  /** Every schedule's Slack settings that announce handoffs or own a group. */
  list(): ScheduleSlack[] {
    return (prepared(this.db, 'SELECT * FROM schedule_slack WHERE handoff_channel IS NOT NULL OR usergroup_id IS NOT NULL ORDER BY schedule_id, team_id').all() as Row[]).map(toConfig);
  }

  get(scheduleId: number, teamId: string): ScheduleSlack | null {
    const r = prepared(this.db, 'SELECT * FROM schedule_slack WHERE schedule_id = ? AND team_id = ?').get(scheduleId, teamId) as Row | undefined;
    return r ? toConfig(r) : null;
  }

  forSchedule(scheduleId: number): ScheduleSlack[] {
    return (prepared(this.db, 'SELECT * FROM schedule_slack WHERE schedule_id = ? ORDER BY team_id').all(scheduleId) as Row[]).map(toConfig);
  }

  private ensure(scheduleId: number, teamId: string, now: Date): void {
    prepared(this.db, 'INSERT INTO schedule_slack (schedule_id, team_id, announced_to) VALUES (?, ?, ?) ON CONFLICT (schedule_id, team_id) DO NOTHING').run(scheduleId, teamId, now.getTime());
  }

  /** Announces handoffs from now on in this channel (null: no more announcements). */
  setHandoffChannel(scheduleId: number, teamId: string, channelId: string | null, now: Date): void {
    this.db.transaction(() => {
      this.ensure(scheduleId, teamId, now);
      // Handoffs before the setting are not announced late.
      prepared(this.db, 'UPDATE schedule_slack SET handoff_channel = ?, announced_to = ? WHERE schedule_id = ? AND team_id = ?').run(channelId, now.getTime(), scheduleId, teamId);
    })();
  }

  /** Keeps this user group to whoever is on call (null: the schedule no longer owns one). The next
   *  sweep sets its members. */
  setUserGroup(scheduleId: number, teamId: string, group: { id: string; handle: string } | null, now: Date): void {
    this.db.transaction(() => {
      this.ensure(scheduleId, teamId, now);
      prepared(this.db, 'UPDATE schedule_slack SET usergroup_id = ?, usergroup_handle = ?, synced_key = NULL WHERE schedule_id = ? AND team_id = ?').run(
        group?.id ?? null,
        group?.handle ?? null,
        scheduleId,
        teamId,
      );
    })();
  }

  /** Marks handoffs up to `to` announced, if nobody else did since `from`: true for the one that did. */
  markAnnounced(c: ScheduleSlack, to: Date): boolean {
    return prepared(this.db, 'UPDATE schedule_slack SET announced_to = ? WHERE schedule_id = ? AND team_id = ? AND announced_to = ?').run(to.getTime(), c.scheduleId, c.teamId, c.announcedTo.getTime()).changes > 0;
  }

  /** Records who the group is set to, if nobody else changed it since: true for the one that did. */
  markSynced(c: ScheduleSlack, key: string): boolean {
    const sql =
      c.syncedKey === null
        ? 'UPDATE schedule_slack SET synced_key = ? WHERE schedule_id = ? AND team_id = ? AND synced_key IS NULL AND usergroup_id = ?'
        : 'UPDATE schedule_slack SET synced_key = ? WHERE schedule_id = ? AND team_id = ? AND synced_key = ? AND usergroup_id = ?';
    const args = c.syncedKey === null ? [key, c.scheduleId, c.teamId, c.usergroupId] : [key, c.scheduleId, c.teamId, c.syncedKey, c.usergroupId];
    return prepared(this.db, sql).run(...args).changes > 0;
  }
}
