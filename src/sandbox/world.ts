// The sandbox's Slack world: workspaces, channels, users, the app and its tokens, messages,
// ephemeral messages, open views, and every Web API call. Plain data that tests can read and extend.
import { randomBytes } from 'node:crypto';

export interface SbTeam {
  id: string;
  name: string;
  domain: string;
}

export interface SbUser {
  id: string;
  teamId: string;
  name: string;
  realName: string;
  /** null: the user hides their e-mail (or the profile has none). */
  email: string | null;
  isBot?: boolean;
  deleted?: boolean;
}

export interface SbChannel {
  id: string;
  teamId: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  members: Set<string>;
  created: number;
  topic?: string;
  /** A direct message between the bot and one user (conversations.open). */
  isIm?: boolean;
  /** Timestamps of pinned messages (pins.add). */
  pins?: Set<string>;
}

/** A user group, mentioned as <!subteam^ID>. */
export interface SbUserGroup {
  id: string;
  teamId: string;
  handle: string;
  name: string;
  users: string[];
}

/** A Workflow Builder webhook trigger: its URL takes a JSON POST of flat string variables. */
export interface SbWebhookTrigger {
  id: string;
  teamId: string;
  /** The variables the workflow declares (all of type text); others are refused. */
  variables: string[];
  received: { at: number; body: Record<string, string> }[];
}

export interface SbMessage {
  ts: string;
  channel: string;
  teamId: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  threadTs?: string;
  replyBroadcast?: boolean;
  /** The bot user that posted it (or a human's id for response_url in_channel posts by "the user"). */
  user: string;
  botId?: string;
  appId?: string;
  edited?: { user: string; ts: string };
  deleted?: boolean;
  /** Ephemeral messages are seen only by `visibleTo`. */
  ephemeral?: boolean;
  visibleTo?: string;
}

export interface SbView {
  id: string;
  teamId: string;
  userId: string;
  view: Record<string, unknown>;
  hash: string;
  rootViewId: string;
  previousViewId: string | null;
  externalId: string;
  closed: boolean;
  /** Inline errors from the last view_submission answer, by block_id. */
  errors?: Record<string, string>;
  /** What the user typed, by block_id and action_id: Slack keeps it while the modal stays open. */
  values?: Record<string, Record<string, string | string[] | null>>;
}

export interface SbToken {
  token: string;
  teamId: string;
  kind: 'bot' | 'app';
  scopes: string[];
  revoked: boolean;
  /** An account_inactive answer: the workspace or bot user was deleted. */
  inactive?: boolean;
}

export interface SbApp {
  appId: string;
  name: string;
  signingSecret: string;
  clientId: string;
  clientSecret: string;
  verificationToken: string;
  /** The app's slash commands (default: /opsknight); the UI refuses others as Slack does. */
  commands?: string[];
  /** Where interactions and slash commands go (the daemon's endpoints). */
  interactivityUrl: string | null;
  /** Event Subscriptions' request URL (the daemon's /api/slack/events); null: events are off. */
  eventsUrl?: string | null;
  commandUrl: string | null;
  redirectUrls: string[];
  /** Bot user and bot id per workspace the app is installed in. */
  bots: Map<string, { userId: string; botId: string }>;
}

export interface SbCall {
  id: number;
  method: string;
  at: number;
  teamId: string | null;
  /** Arguments without the token. */
  args: Record<string, unknown>;
  status: number;
  ok: boolean;
  error?: string;
}

export interface SbTrigger {
  id: string;
  teamId: string;
  userId: string;
  issuedAt: number;
  used: boolean;
}

export interface SbResponseUrl {
  id: string;
  teamId: string;
  channel: string | null;
  userId: string;
  messageTs: string | null;
  issuedAt: number;
  uses: number;
}

export interface SbOAuthCode {
  code: string;
  teamId: string;
  userId: string;
  redirectUri: string | null;
  scopes: string[];
  issuedAt: number;
  used: boolean;
}

export function randomId(prefix: string, length = 10): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export class SlackWorld {
  readonly teams = new Map<string, SbTeam>();
  readonly users = new Map<string, SbUser>();
  readonly channels = new Map<string, SbChannel>();
  readonly messages: SbMessage[] = [];
  readonly views = new Map<string, SbView>();
  /** Each user's published Home tab, by "team:user" (views.publish). */
  readonly homes = new Map<string, { view: Record<string, unknown>; hash: string; id: string }>();
  readonly tokens = new Map<string, SbToken>();
  readonly triggers = new Map<string, SbTrigger>();
  readonly responseUrls = new Map<string, SbResponseUrl>();
  readonly oauthCodes = new Map<string, SbOAuthCode>();
  readonly userGroups = new Map<string, SbUserGroup>();
  /** Workspaces whose settings let only admins edit user groups (a bot token is refused). */
  readonly userGroupsAdminOnly = new Set<string>();
  readonly webhookTriggers = new Map<string, SbWebhookTrigger>();
  readonly calls: SbCall[] = [];
  app!: SbApp;
  private lastTs = 0;
  private callSeq = 0;

  constructor(readonly now: () => number = Date.now) {}

  /** Slack message timestamps: unique, increasing, "seconds.micro". */
  nextTs(): string {
    const micros = Math.max(this.now() * 1000, this.lastTs + 1);
    this.lastTs = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  addTeam(team: SbTeam): SbTeam {
    this.teams.set(team.id, team);
    return team;
  }

  addUser(user: SbUser): SbUser {
    this.users.set(user.id, user);
    return user;
  }

  addChannel(c: Omit<SbChannel, 'members' | 'created'> & { members?: string[] }): SbChannel {
    const channel: SbChannel = { ...c, members: new Set(c.members ?? []), created: Math.floor(this.now() / 1000) };
    this.channels.set(channel.id, channel);
    return channel;
  }

  addToken(t: SbToken): SbToken {
    this.tokens.set(t.token, t);
    return t;
  }

  /** A webhook trigger for a workflow declaring these text variables; answers its URL path (under /triggers/). */
  addWebhookTrigger(teamId: string, variables: string[]): SbWebhookTrigger {
    const t: SbWebhookTrigger = { id: `${teamId}/${Math.floor(1e11 + Math.random() * 9e11)}/${randomBytes(16).toString('hex')}`, teamId, variables, received: [] };
    this.webhookTriggers.set(t.id, t);
    return t;
  }

  botFor(teamId: string): { userId: string; botId: string } | undefined {
    return this.app.bots.get(teamId);
  }

  botToken(teamId: string): SbToken | undefined {
    return [...this.tokens.values()].find((t) => t.teamId === teamId && t.kind === 'bot' && !t.revoked);
  }

  /** A channel by id, or by "#name"/"name" within a workspace. */
  findChannel(teamId: string, ref: string): SbChannel | undefined {
    const byId = this.channels.get(ref);
    if (byId) return byId.teamId === teamId ? byId : undefined;
    const name = ref.replace(/^#/, '');
    return [...this.channels.values()].find((c) => c.teamId === teamId && c.name === name);
  }

  userByName(teamId: string | null, name: string): SbUser | undefined {
    return [...this.users.values()].find((u) => (teamId === null || u.teamId === teamId) && (u.name === name || u.id === name));
  }

  message(channel: string, ts: string): SbMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts && !m.ephemeral);
  }

  /** A workspace admin (or the poster) deletes a message: it disappears from the channel, and
   *  chat.update on it answers message_not_found, as in Slack. False when there is no such message. */
  deleteMessage(channel: string, ts: string): boolean {
    const m = this.message(channel, ts);
    if (!m || m.deleted) return false;
    m.deleted = true;
    return true;
  }

  /** Top-level messages of a channel, oldest first (replies broadcast to the channel included). */
  channelMessages(channel: string, viewer?: string): SbMessage[] {
    return this.messages.filter(
      (m) =>
        m.channel === channel &&
        !m.deleted &&
        (!m.threadTs || m.threadTs === m.ts || m.replyBroadcast) &&
        (!m.ephemeral || (viewer !== undefined && m.visibleTo === viewer)),
    );
  }

  replies(channel: string, threadTs: string): SbMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.threadTs === threadTs && m.ts !== threadTs && !m.deleted && !m.ephemeral);
  }

  ephemerals(userId?: string): SbMessage[] {
    return this.messages.filter((m) => m.ephemeral && (userId === undefined || m.visibleTo === userId));
  }

  /** A person writes in a channel or a thread (for message shortcuts and threads in the UI). */
  postAsUser(channel: string, userId: string, text: string, threadTs?: string): SbMessage {
    const c = this.channels.get(channel);
    if (!c) throw new Error(`No sandbox channel ${channel}`);
    const m: SbMessage = { ts: this.nextTs(), channel, teamId: c.teamId, text, user: userId, ...(threadTs ? { threadTs } : {}) };
    this.messages.push(m);
    return m;
  }

  /** The direct message between a person and the app's bot, made on first use (conversations.open). */
  directMessage(teamId: string, userId: string): SbChannel {
    const bot = this.botFor(teamId);
    const existing = [...this.channels.values()].find((c) => c.isIm && c.teamId === teamId && c.members.has(userId) && c.members.size === 2);
    if (existing) return existing;
    return this.addChannel({ id: randomId('D', 10), teamId, name: `dm-${this.users.get(userId)?.name ?? userId}`, isPrivate: true, isArchived: false, isIm: true, members: [userId, ...(bot ? [bot.userId] : [])] });
  }

  issueTrigger(teamId: string, userId: string): string {
    // Slack's shape: "<digits>.<digits>.<32 hex>".
    const id = `${Date.now()}${Math.floor(Math.random() * 1000)}.${Math.floor(Math.random() * 1e12)}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { id, teamId, userId, issuedAt: this.now(), used: false });
    return id;
  }

  issueResponseUrl(base: string, r: Omit<SbResponseUrl, 'id' | 'issuedAt' | 'uses'>): string {
    const id = `${r.teamId}/${Math.floor(Math.random() * 1e12)}/${randomBytes(12).toString('base64url')}`;
    this.responseUrls.set(id, { ...r, id, issuedAt: this.now(), uses: 0 });
    return `${base}/sandbox/response/${id}`;
  }

  recordCall(call: Omit<SbCall, 'id' | 'at'>): void {
    this.calls.push({ ...call, id: ++this.callSeq, at: this.now() });
    if (this.calls.length > 50_000) this.calls.splice(0, 10_000);
  }
}
