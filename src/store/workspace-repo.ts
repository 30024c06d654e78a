// Installed Slack workspaces (bot tokens sealed at rest), their routes, settings and known channel names.
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings, type Route, type RoutingTable, type Subscription } from '../domain/routing.js';
import type { Urgency } from '../domain/model.js';
import { Recent } from '../shared/recent.js';
import { bumpConfigVersion } from './config-version.js';
import { prepared, type Db } from './db.js';
import type { SecretBox } from './secrets.js';

export interface Workspace {
  teamId: string;
  teamName: string;
  botToken: string;
  botUserId: string | null;
  botId: string | null;
  scopes: string[];
  installedBy: string | null;
  installedAt: Date;
  status: 'ok' | 'needs_attention';
  statusReason: string | null;
  defaultChannel: string | null;
  settings: NotificationSettings;
}

export interface WorkspaceInstall {
  teamId: string;
  teamName: string;
  botToken: string;
  botUserId?: string | null;
  botId?: string | null;
  scopes?: string[];
  installedBy?: string | null;
}

interface WorkspaceRow {
  team_id: string;
  team_name: string;
  bot_token: string;
  bot_user_id: string | null;
  bot_id: string | null;
  scopes: string;
  installed_by: string | null;
  installed_at: string;
  status: 'ok' | 'needs_attention';
  status_reason: string | null;
  default_channel: string | null;
  settings: string;
}

export function mergeSettings(stored: Partial<NotificationSettings>): NotificationSettings {
  return {
    ...DEFAULT_NOTIFICATION_SETTINGS,
    ...stored,
    events: { ...DEFAULT_NOTIFICATION_SETTINGS.events, ...(stored.events ?? {}) },
  };
}

/** Which Slack a process talks to: real Slack's workspaces and the built-in sandbox's never mix. */
export type SlackWorld = 'slack' | 'sandbox';

export class WorkspaceRepo {
  private readonly sandbox: 0 | 1;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    readonly world: SlackWorld = 'slack',
    /** The store's configuration version: another process's change drops the recent workspaces. */
    configVersion?: () => number,
  ) {
    this.sandbox = world === 'sandbox' ? 1 : 0;
    this.recent = new Recent<Workspace | null>(5000, 1000, configVersion);
  }

  private toWorkspace = (r: WorkspaceRow): Workspace => ({
    teamId: r.team_id,
    teamName: r.team_name,
    botToken: this.secrets.decrypt(r.bot_token),
    botUserId: r.bot_user_id,
    botId: r.bot_id,
    scopes: r.scopes ? r.scopes.split(',') : [],
    installedBy: r.installed_by,
    installedAt: new Date(r.installed_at),
    status: r.status,
    statusReason: r.status_reason,
    defaultChannel: r.default_channel,
    settings: mergeSettings(JSON.parse(r.settings) as Partial<NotificationSettings>),
  });

  list(): Workspace[] {
    return (prepared(this.db, 'SELECT * FROM workspaces WHERE sandbox = ? ORDER BY team_name').all(this.sandbox) as WorkspaceRow[]).map(this.toWorkspace);
  }

  /** The team ids of list(), in its order, without opening tokens or parsing settings (the workflow
   *  notifier asks inside every incident change). */
  teamIds(): string[] {
    return (prepared(this.db, 'SELECT team_id FROM workspaces WHERE sandbox = ? ORDER BY team_name').all(this.sandbox) as { team_id: string }[]).map((r) => r.team_id);
  }

  /** What routing needs, without decrypting any token (this runs inside every incident change).
   *  Until real Slack is set up, incidents made outside the sandbox (the CLI, the API of a plain
   *  `serve`) are routed to the sandbox's workspaces too: the sandbox daemon posts them when it runs. */
  routingInfo(): { teamId: string; defaultChannel: string | null; settings: NotificationSettings }[] {
    const query = (sandbox: 0 | 1) =>
      prepared(this.db, 'SELECT team_id, default_channel, settings FROM workspaces WHERE sandbox = ?').all(sandbox) as Pick<
        WorkspaceRow,
        'team_id' | 'default_channel' | 'settings'
      >[];
    let rows = query(this.sandbox);
    if (!rows.length && !this.sandbox) rows = query(1);
    return rows.map((r) => ({
      teamId: r.team_id,
      defaultChannel: r.default_channel,
      settings: mergeSettings(JSON.parse(r.settings) as Partial<NotificationSettings>),
    }));
  }

  get(teamId: string): Workspace | null {
    const row = prepared(this.db, 'SELECT * FROM workspaces WHERE team_id = ? AND sandbox = ?').get(teamId, this.sandbox) as WorkspaceRow | undefined;
    return row ? this.toWorkspace(row) : null;
  }

  /** Workspaces read in the last few seconds, for the Slack request path (every click needs its
   *  workspace). Changes made through this repository show at once; changes another process makes
   *  (the CLI) show within maxAgeMs. */
  private readonly recent: Recent<Workspace | null>;

  /** A write: our recent answers go at once, other processes' within a second. */
  private changed(): void {
    this.recent.clear();
    bumpConfigVersion(this.db);
  }

  getRecent(teamId: string, maxAgeMs = 5000, now = Date.now()): Workspace | null {
    return this.recent.get(teamId, () => this.get(teamId), now, maxAgeMs);
  }

  /** Installs or re-installs: the token is replaced atomically and the workspace is healthy again;
   *  routes and settings are kept. */
  upsert(w: WorkspaceInstall, at = new Date()): Workspace {
    this.changed();
    if (this.inOtherWorld(w.teamId)) {
      throw new Error(
        this.sandbox
          ? `Workspace ${w.teamId} is a real Slack workspace here; the sandbox cannot take it over.`
          : `Workspace ${w.teamId} belongs to the built-in Slack sandbox; a real Slack token cannot be stored for it.`,
      );
    }
    prepared(
      this.db,
      `INSERT INTO workspaces (team_id, team_name, bot_token, bot_user_id, bot_id, scopes, installed_by, installed_at, status, status_reason, sandbox)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ok', NULL, ?)
       ON CONFLICT (team_id) DO UPDATE SET team_name = excluded.team_name, bot_token = excluded.bot_token,
         bot_user_id = excluded.bot_user_id, bot_id = excluded.bot_id, scopes = excluded.scopes,
         installed_by = coalesce(excluded.installed_by, workspaces.installed_by), installed_at = excluded.installed_at,
         status = 'ok', status_reason = NULL`,
    ).run(
      w.teamId,
      w.teamName,
      this.secrets.encrypt(w.botToken),
      w.botUserId ?? null,
      w.botId ?? null,
      (w.scopes ?? []).join(','),
      w.installedBy ?? null,
      at.toISOString(),
      this.sandbox,
    );
    return this.get(w.teamId)!;
  }

  /** The scopes Slack says the token has now (auth.test), so feature checks use fresh ones. */
  setScopes(teamId: string, scopes: string[]): void {
    this.changed();
    prepared(this.db, 'UPDATE workspaces SET scopes = ? WHERE team_id = ?').run(scopes.join(','), teamId);
  }

  /** True for a workspace stored by the other world (real Slack vs the sandbox): its work is not ours. */
  inOtherWorld(teamId: string): boolean {
    return prepared(this.db, 'SELECT 1 FROM workspaces WHERE team_id = ? AND sandbox <> ?').get(teamId, this.sandbox) !== undefined;
  }

  remove(teamId: string): boolean {
    this.changed();
    return prepared(this.db, 'DELETE FROM workspaces WHERE team_id = ? AND sandbox = ?').run(teamId, this.sandbox).changes > 0;
  }

  setStatus(teamId: string, status: 'ok' | 'needs_attention', reason: string | null): void {
    this.changed();
    prepared(this.db, 'UPDATE workspaces SET status = ?, status_reason = ? WHERE team_id = ?').run(status, reason, teamId);
  }

  setDefaultChannel(teamId: string, channelId: string | null): void {
    this.changed();
    prepared(this.db, 'UPDATE workspaces SET default_channel = ? WHERE team_id = ?').run(channelId, teamId);
  }

  updateSettings(teamId: string, patch: Partial<NotificationSettings>): NotificationSettings {
    this.changed();
    const current = this.get(teamId)!.settings;
    const next = mergeSettings({ ...current, ...patch, events: { ...current.events, ...(patch.events ?? {}) } });
    prepared(this.db, 'UPDATE workspaces SET settings = ? WHERE team_id = ?').run(JSON.stringify(next), teamId);
    return next;
  }

  routes(teamId: string): Route[] {
    const rows = prepared(this.db, 'SELECT service_slug, urgency, channel_id FROM routes WHERE team_id = ? ORDER BY id').all(teamId) as {
      service_slug: string | null;
      urgency: Urgency | null;
      channel_id: string;
    }[];
    return rows.map((r) => ({ serviceSlug: r.service_slug, urgency: r.urgency, channelId: r.channel_id }));
  }

  setRoute(teamId: string, route: Route): void {
    // Update, else insert (one writer at a time makes it exact): an upsert would have to name the
    // unique index's expression, which differs between the engines' schemas (ifnull / coalesce).
    this.db.transaction(() => {
      const updated = prepared(this.db, "UPDATE routes SET channel_id = ? WHERE team_id = ? AND COALESCE(service_slug, '') = COALESCE(?, '') AND COALESCE(urgency, '') = COALESCE(?, '')").run(
        route.channelId,
        teamId,
        route.serviceSlug,
        route.urgency,
      ).changes;
      if (!updated) prepared(this.db, 'INSERT INTO routes (team_id, service_slug, urgency, channel_id) VALUES (?, ?, ?, ?)').run(teamId, route.serviceSlug, route.urgency, route.channelId);
    }).immediate();
  }

  removeRoute(teamId: string, serviceSlug: string | null, urgency: Urgency | null): boolean {
    return (
      prepared(this.db, "DELETE FROM routes WHERE team_id = ? AND COALESCE(service_slug, '') = COALESCE(?, '') AND COALESCE(urgency, '') = COALESCE(?, '')").run(
        teamId,
        serviceSlug,
        urgency,
      ).changes > 0
    );
  }

  /** Channels that take incidents by their own filter, beside the routed channel. */
  subscriptions(teamId: string): Subscription[] {
    const rows = prepared(this.db, 'SELECT channel_id, services, urgencies FROM channel_subscriptions WHERE team_id = ? ORDER BY created_at, channel_id').all(teamId) as {
      channel_id: string;
      services: string | null;
      urgencies: string | null;
    }[];
    return rows.map((r) => ({
      channelId: r.channel_id,
      services: r.services === null ? null : (JSON.parse(r.services) as string[]),
      urgencies: r.urgencies === null ? null : (JSON.parse(r.urgencies) as Urgency[]),
    }));
  }

  /** Subscribes a channel (again: its filter is replaced). */
  subscribe(teamId: string, s: Subscription, now: Date): void {
    prepared(
      this.db,
      `INSERT INTO channel_subscriptions (team_id, channel_id, services, urgencies, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (team_id, channel_id) DO UPDATE SET services = excluded.services, urgencies = excluded.urgencies`,
    ).run(teamId, s.channelId, s.services ? JSON.stringify(s.services) : null, s.urgencies ? JSON.stringify(s.urgencies) : null, now.toISOString());
  }

  unsubscribe(teamId: string, channelId: string): boolean {
    return prepared(this.db, 'DELETE FROM channel_subscriptions WHERE team_id = ? AND channel_id = ?').run(teamId, channelId).changes > 0;
  }

  /** Routes, subscriptions and the default channel: everything that decides where incidents go. */
  routingTable(teamId: string, defaultChannel: string | null): RoutingTable {
    return { defaultChannel, routes: this.routes(teamId), subscriptions: this.subscriptions(teamId) };
  }

  rememberChannel(teamId: string, channelId: string, name: string, isPrivate: boolean): void {
    prepared(
      this.db,
      `INSERT INTO channel_names (team_id, channel_id, name, is_private) VALUES (?, ?, ?, ?)
       ON CONFLICT (team_id, channel_id) DO UPDATE SET name = excluded.name, is_private = excluded.is_private`,
    ).run(teamId, channelId, name, isPrivate ? 1 : 0);
  }

  channelName(teamId: string, channelId: string): string | null {
    const row = prepared(this.db, 'SELECT name FROM channel_names WHERE team_id = ? AND channel_id = ?').get(teamId, channelId) as
      | { name: string }
      | undefined;
    return row?.name ?? null;
  }

  isPrivateChannel(teamId: string, channelId: string): boolean | null {
    const row = prepared(this.db, 'SELECT is_private FROM channel_names WHERE team_id = ? AND channel_id = ?').get(teamId, channelId) as
      | { is_private: number }
      | undefined;
    return row ? row.is_private === 1 : null;
  }
}
