// Interactions back to the app, as Slack sends them: signed, form-encoded `payload=` for
// block_actions / view_submission / view_closed / shortcut, flat form fields for slash commands.
// Also the response_url endpoint the app answers through.
import { createHmac } from 'node:crypto';
import { messageJson } from './methods/chat.js';
import { openStack, viewJson } from './methods/views.js';
import type { SocketModeHub } from './socket-mode.js';
import { randomId, type SbMessage, type SbView, type SlackWorld } from './world.js';

type Json = Record<string, unknown>;

export const ACK_DEADLINE_MS = 3000;
const RESPONSE_URL_MAX_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60_000;

export interface DeliveryResult {
  /** HTTP status the app answered with; 0 when it did not answer in time or could not be reached. */
  status: number;
  body: string;
  json: Json | null;
  ms: number;
  /** What the user would see go wrong, e.g. "operation_timeout" after 3 s. */
  error?: string;
  /** The user pressed "deny" in a confirmation dialog: nothing was sent. */
  cancelled?: true;
}

export function signRequest(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sig };
}

export interface InteractionDeps {
  world: SlackWorld;
  baseUrl: () => string;
  onChange: () => void;
  /** Socket Mode: when an app is connected, interactions go as envelopes instead of HTTP. */
  socket?: SocketModeHub;
}

export class InteractionDriver {
  /** Everything sent to the app, newest last, for tests and the UI. */
  readonly sent: { kind: string; url: string; payload: unknown; result: DeliveryResult }[] = [];

  constructor(private readonly deps: InteractionDeps) {}

  private get world() {
    return this.deps.world;
  }

  private userRef(userId: string) {
    const u = this.world.users.get(userId);
    if (!u) throw new Error(`No sandbox user ${userId}`);
    return { id: u.id, username: u.name, name: u.name, team_id: u.teamId };
  }

  private teamRef(teamId: string) {
    const t = this.world.teams.get(teamId)!;
    return { id: t.id, domain: t.domain };
  }

  private async post(kind: string, url: string | null, body: string, contentType: string, payload: unknown): Promise<DeliveryResult> {
    if (this.deps.socket?.connected) return this.overSocket(kind, payload);
    if (!url) {
      const result = { status: 0, body: '', json: null, ms: 0, error: 'no_request_url' };
      this.sent.push({ kind, url: '', payload, result });
      return result;
    }
    const started = Date.now();
    let result: DeliveryResult;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': contentType, 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', ...signRequest(this.world.app.signingSecret, body, Math.floor(this.world.now() / 1000)) },
        body,
        signal: AbortSignal.timeout(ACK_DEADLINE_MS),
      });
      const text = await res.text();
      let json: Json | null = null;
      try {
        json = text ? (JSON.parse(text) as Json) : null;
      } catch {
        json = null;
      }
      result = { status: res.status, body: text, json, ms: Date.now() - started };
      if (res.status !== 200) result.error = `http_${res.status}`;
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError';
      result = { status: 0, body: '', json: null, ms: Date.now() - started, error: timedOut ? 'operation_timeout' : 'dispatch_failed' };
    }
    this.sent.push({ kind, url, payload, result });
    this.deps.onChange();
    return result;
  }

  /** Socket Mode: the envelope's ack payload plays the part of the HTTP answer. */
  private async overSocket(kind: string, payload: unknown): Promise<DeliveryResult> {
    const started = Date.now();
    const ack = await this.deps.socket!.send(kind === 'slash_command' ? 'slash_commands' : 'interactive', payload, ACK_DEADLINE_MS);
    const result: DeliveryResult = ack
      ? { status: 200, body: Object.keys(ack).length ? JSON.stringify(ack) : '', json: Object.keys(ack).length ? ack : null, ms: Date.now() - started }
      : { status: 0, body: '', json: null, ms: Date.now() - started, error: 'operation_timeout' };
    this.sent.push({ kind, url: 'socket', payload, result });
    this.deps.onChange();
    return result;
  }

  private postPayload(kind: string, payload: Json): Promise<DeliveryResult> {
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return this.post(kind, this.world.app.interactivityUrl, body, 'application/x-www-form-urlencoded', payload);
  }

  /** Clicks a button (or chooses an option of a select or overflow menu) on a message. */
  /** A click. An element with a `confirm` object first shows Slack's confirmation dialog: the caller
   *  says which of its buttons the user pressed (`dialog`); "deny" sends nothing, as in Slack. */
  async act(opts: { message: SbMessage; userId: string; actionId: string; blockId?: string; value?: string; dialog?: 'confirm' | 'deny' }): Promise<DeliveryResult> {
    const { message: m, userId } = opts;
    const found = findElement(m, opts.actionId, opts.blockId);
    if (!found) throw new Error(`No element with action_id ${opts.actionId} on message ${m.ts}`);
    const { element, blockId } = found;
    if (element.confirm !== undefined && opts.dialog === undefined) {
      throw new Error(`${String(element.action_id)} asks for confirmation first ("${String(((element.confirm as Json).title as Json | undefined)?.text ?? '')}"): say whether the user pressed confirm or deny`);
    }
    if (opts.dialog === 'deny') return { status: 0, body: '', json: null, ms: 0, cancelled: true };
    const actionTs = this.world.nextTs();
    const action: Json = { action_id: element.action_id, block_id: blockId, type: element.type, action_ts: actionTs };
    if (element.type === 'button') {
      action.text = element.text;
      if (element.value !== undefined) action.value = element.value;
      if (element.url !== undefined) action.url = element.url;
      if (element.style !== undefined) action.style = element.style;
    } else {
      const options = (element.options ?? []) as Json[];
      const chosen = options.find((o) => o.value === opts.value);
      if (!chosen) throw new Error(`No option ${opts.value} in ${String(element.action_id)}`);
      action.selected_option = chosen;
      if (element.placeholder) action.placeholder = element.placeholder;
    }
    const channel = this.world.channels.get(m.channel)!;
    const payload: Json = {
      type: 'block_actions',
      user: this.userRef(userId),
      api_app_id: this.world.app.appId,
      token: this.world.app.verificationToken,
      container: { type: 'message', message_ts: m.ts, channel_id: m.channel, is_ephemeral: Boolean(m.ephemeral) },
      trigger_id: this.world.issueTrigger(m.teamId, userId),
      team: this.teamRef(m.teamId),
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: channel.id, name: channel.name },
      message: messageJson(m),
      state: { values: {} },
      response_url: this.world.issueResponseUrl(this.deps.baseUrl(), {
        teamId: m.teamId,
        channel: m.channel,
        userId,
        messageTs: m.ts,
      }),
      actions: [action],
    };
    return this.postPayload('block_actions', payload);
  }

  /** A click on the app's Home tab (what views.publish published for this person): Slack sends
   *  block_actions from a view container, with the view and no channel or response_url. */
  async actOnHome(opts: { teamId: string; userId: string; actionId: string; blockId?: string; value?: string }): Promise<DeliveryResult> {
    const home = this.world.homes.get(`${opts.teamId}:${opts.userId}`);
    if (!home) throw new Error(`No Home tab is published for ${opts.userId}`);
    const found = findElement({ blocks: (home.view.blocks ?? []) as unknown[] } as SbMessage, opts.actionId, opts.blockId);
    if (!found) throw new Error(`No element with action_id ${opts.actionId} on the Home tab`);
    const { element, blockId } = found;
    const action: Json = { action_id: element.action_id, block_id: blockId, type: element.type, action_ts: this.world.nextTs() };
    if (element.type === 'button') {
      action.text = element.text;
      if (element.value !== undefined) action.value = element.value;
    } else {
      const chosen = ((element.options ?? []) as Json[]).find((o) => o.value === opts.value);
      if (!chosen) throw new Error(`No option ${opts.value} in ${String(element.action_id)}`);
      action.selected_option = chosen;
    }
    return this.postPayload('block_actions', {
      type: 'block_actions',
      user: this.userRef(opts.userId),
      api_app_id: this.world.app.appId,
      token: this.world.app.verificationToken,
      container: { type: 'view', view_id: home.id },
      trigger_id: this.world.issueTrigger(opts.teamId, opts.userId),
      team: this.teamRef(opts.teamId),
      enterprise: null,
      is_enterprise_install: false,
      view: { id: home.id, team_id: opts.teamId, type: 'home', blocks: home.view.blocks ?? [], private_metadata: '', callback_id: '', state: { values: {} }, hash: home.hash, app_id: this.world.app.appId },
      actions: [action],
    });
  }

  /** Submits an open view with the given input values ({block_id: {action_id: value}}). */
  async submitView(view: SbView, values: Record<string, Record<string, ViewInput>>): Promise<DeliveryResult> {
    const state = viewState(view, values);
    const payload: Json = {
      type: 'view_submission',
      team: this.teamRef(view.teamId),
      user: this.userRef(view.userId),
      api_app_id: this.world.app.appId,
      token: this.world.app.verificationToken,
      trigger_id: this.world.issueTrigger(view.teamId, view.userId),
      view: { ...this.viewPayload(view), state: { values: state } },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const result = await this.postPayload('view_submission', payload);
    if (result.status !== 200) return result; // Slack keeps the modal open and shows an error.
    const action = result.json?.response_action;
    if (action === 'errors') {
      view.errors = (result.json?.errors ?? {}) as Record<string, string>;
      view.values = values;
    } else if (action === 'update' && result.json?.view) {
      view.view = result.json.view as Json;
      view.errors = undefined;
      view.values = undefined;
    } else if (action === 'push' && result.json?.view) {
      const id = randomId('V', 10);
      this.world.views.set(id, { ...view, id, view: result.json.view as Json, previousViewId: view.id, errors: undefined, values: undefined });
    } else if (action === 'clear') {
      for (const v of openStack(this.world.views.values(), view.userId)) v.closed = true;
    } else {
      view.closed = true;
    }
    this.deps.onChange();
    return result;
  }

  /** The user closes (cancels) a view; the app hears of it only if it asked (notify_on_close). */
  async closeView(view: SbView): Promise<DeliveryResult | null> {
    view.closed = true;
    this.deps.onChange();
    if (!view.view.notify_on_close) return null;
    return this.postPayload('view_closed', {
      type: 'view_closed',
      team: this.teamRef(view.teamId),
      user: this.userRef(view.userId),
      api_app_id: this.world.app.appId,
      token: this.world.app.verificationToken,
      view: this.viewPayload(view),
      is_cleared: false,
      is_enterprise_install: false,
      enterprise: null,
    });
  }

  /** Types a slash command in a channel. The app's direct answer is shown as Slack would show it. */
  async slashCommand(opts: { channel: string; userId: string; command: string; text: string }): Promise<DeliveryResult> {
    const channel = this.world.channels.get(opts.channel)!;
    const user = this.world.users.get(opts.userId)!;
    const team = this.world.teams.get(channel.teamId)!;
    const fields: Record<string, string> = {
      token: this.world.app.verificationToken,
      team_id: team.id,
      team_domain: team.domain,
      channel_id: channel.id,
      channel_name: channel.name,
      user_id: user.id,
      user_name: user.name,
      command: opts.command,
      text: opts.text,
      api_app_id: this.world.app.appId,
      is_enterprise_install: 'false',
      response_url: this.world.issueResponseUrl(this.deps.baseUrl(), { teamId: team.id, channel: channel.id, userId: user.id, messageTs: null }),
      trigger_id: this.world.issueTrigger(team.id, user.id),
    };
    const body = new URLSearchParams(fields).toString();
    const result = await this.post('slash_command', this.world.app.commandUrl, body, 'application/x-www-form-urlencoded', fields);
    if (result.status === 200 && result.body.trim()) {
      const reply = result.json ?? { text: result.body };
      this.showReply(reply, { teamId: team.id, channel: channel.id, userId: user.id, messageTs: null });
    }
    return result;
  }

  /** Runs a global shortcut from the shortcut menu. Global shortcuts carry no channel and no response_url. */
  async shortcut(opts: { teamId: string; userId: string; callbackId: string }): Promise<DeliveryResult> {
    const payload: Json = {
      type: 'shortcut',
      token: this.world.app.verificationToken,
      action_ts: this.world.nextTs(),
      team: this.teamRef(opts.teamId),
      user: { id: opts.userId, username: this.world.users.get(opts.userId)?.name, team_id: opts.teamId },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: opts.callbackId,
      trigger_id: this.world.issueTrigger(opts.teamId, opts.userId),
    };
    return this.postPayload('shortcut', payload);
  }

  /** Runs a message shortcut ("More actions" on a message): a message_action with the message, its
   *  channel and a response_url, as in shared/slack/fixtures/message_shortcut_real.json. */
  async messageShortcut(opts: { message: SbMessage; userId: string; callbackId: string }): Promise<DeliveryResult> {
    const m = opts.message;
    const channel = this.world.channels.get(m.channel)!;
    const author = this.world.users.get(m.user);
    const message: Json = author && !author.isBot
      ? { type: 'message', text: m.text, user: m.user, ts: m.ts, team: m.teamId, ...(m.threadTs ? { thread_ts: m.threadTs } : {}) }
      : messageJson(m);
    const payload: Json = {
      type: 'message_action',
      token: this.world.app.verificationToken,
      action_ts: this.world.nextTs(),
      team: this.teamRef(m.teamId),
      user: this.userRef(opts.userId),
      channel: { id: channel.id, name: channel.name },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: opts.callbackId,
      trigger_id: this.world.issueTrigger(m.teamId, opts.userId),
      response_url: this.world.issueResponseUrl(this.deps.baseUrl(), { teamId: m.teamId, channel: m.channel, userId: opts.userId, messageTs: null }),
      message_ts: m.ts,
      message,
    };
    return this.postPayload('message_action', payload);
  }

  /** POST to a response_url: replace or delete the original, or a new ephemeral / in-channel message. */
  respond(id: string, body: Json): { status: number; body: Json } {
    const r = this.world.responseUrls.get(id);
    if (!r) return { status: 404, body: { ok: false, error: 'invalid_response_url' } };
    if (this.world.now() - r.issuedAt > RESPONSE_URL_TTL_MS) return { status: 404, body: { ok: false, error: 'expired_url' } };
    if (r.uses >= RESPONSE_URL_MAX_USES) return { status: 404, body: { ok: false, error: 'used_url' } };
    r.uses += 1;
    this.showReply(body, r);
    this.deps.onChange();
    return { status: 200, body: { ok: true } };
  }

  private showReply(body: Json, r: { teamId: string; channel: string | null; userId: string; messageTs: string | null }): void {
    const original = r.channel && r.messageTs ? this.world.message(r.channel, r.messageTs) : undefined;
    if (body.delete_original === true || body.delete_original === 'true') {
      if (original) original.deleted = true;
      return;
    }
    if ((body.replace_original === true || body.replace_original === 'true') && original) {
      original.text = String(body.text ?? '');
      original.blocks = body.blocks as unknown[] | undefined;
      original.attachments = body.attachments as unknown[] | undefined;
      original.edited = { user: original.user, ts: this.world.nextTs() };
      return;
    }
    if (!r.channel) return;
    const bot = this.world.botFor(r.teamId)!;
    this.world.messages.push({
      ts: this.world.nextTs(),
      channel: r.channel,
      teamId: r.teamId,
      text: String(body.text ?? ''),
      blocks: body.blocks as unknown[] | undefined,
      attachments: body.attachments as unknown[] | undefined,
      threadTs: typeof body.thread_ts === 'string' ? body.thread_ts : undefined,
      user: bot.userId,
      botId: bot.botId,
      appId: this.world.app.appId,
      ...(body.response_type === 'in_channel' ? {} : { ephemeral: true, visibleTo: r.userId }),
    });
  }

  private viewPayload(v: SbView): Json {
    return viewJson(this.world, v);
  }
}

/** Finds an interactive element by action_id in a message's blocks (and attachment blocks). */
export function findElement(m: SbMessage, actionId: string, blockId?: string): { element: Json; blockId: string } | null {
  const blocks = [
    ...((m.blocks ?? []) as Json[]),
    ...((m.attachments ?? []) as Json[]).flatMap((a) => ((a.blocks ?? []) as Json[])),
  ];
  for (const [i, b] of blocks.entries()) {
    const id = typeof b.block_id === 'string' ? b.block_id : `b${i}`;
    if (blockId && id !== blockId) continue;
    const elements = [...((b.elements ?? []) as Json[]), ...(b.accessory ? [b.accessory as Json] : [])];
    const element = elements.find((e) => e.action_id === actionId);
    if (element) return { element, blockId: id };
  }
  return null;
}

/** Builds view.state.values the way Slack does, typed by each input's element. */
/** What a person entered in one input: text or a chosen value, several for a multi-select. */
export type ViewInput = string | string[] | null;

export function viewState(view: SbView, values: Record<string, Record<string, ViewInput>>): Json {
  const state: Json = {};
  for (const b of (view.view.blocks ?? []) as Json[]) {
    if (b.type !== 'input' || typeof b.block_id !== 'string') continue;
    const el = b.element as Json;
    const actionId = String(el.action_id);
    const input = values[b.block_id]?.[actionId] ?? null;
    const value = Array.isArray(input) ? (input[0] ?? null) : input;
    let entry: Json;
    switch (el.type) {
      case 'multi_users_select':
        entry = { type: 'multi_users_select', selected_users: input === null ? [] : Array.isArray(input) ? input : [input] };
        break;
      case 'static_select': {
        const option = ((el.options ?? []) as Json[]).find((o) => o.value === value) ?? null;
        entry = { type: 'static_select', selected_option: option };
        break;
      }
      case 'datepicker':
        entry = { type: 'datepicker', selected_date: value };
        break;
      case 'timepicker':
        entry = { type: 'timepicker', selected_time: value };
        break;
      case 'users_select':
        entry = { type: 'users_select', selected_user: value };
        break;
      default:
        entry = { type: String(el.type), value };
    }
    state[b.block_id] = { [actionId]: entry };
  }
  return state;
}
