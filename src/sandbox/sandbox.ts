// A Slack stand-in: the Web API emulator, interactions back to the app, OAuth screens and a
// browser UI, on one Express app. `Sandbox.start()` listens; tests drive it directly.
import express, { type Express, type Request } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, type FaultRule } from './faults.js';
import { EventsSender } from './events.js';
import { InteractionDriver, type DeliveryResult } from './interactions.js';
import { openStack } from './methods/views.js';
import { oauthRouter } from './oauth-pages.js';
import { RateLimiter } from './rate-limits.js';
import { seedWorld, type SeedOptions, type SeededCredentials } from './seed.js';
import { appPage } from './ui/app-page.js';
import { webApiRouter } from './web-api.js';
import { receiveWebhook } from './workflow-triggers.js';
import { SocketModeHub } from './socket-mode.js';
import { SlackWorld, type SbMessage } from './world.js';

/** The UI's name for the app's Home tab, beside the channels. */
const HOME = 'home';

export interface SandboxOptions extends SeedOptions {
  /** Slack's rate limits (on by default; switch off for fast tests). */
  rateLimits?: boolean;
  /** Where the app listens for interactions and slash commands. */
  interactivityUrl?: string;
  commandUrl?: string;
  redirectUrls?: string[];
  /** Skews the Date header of Web API answers by this many ms (clock checks). */
  dateSkewMs?: number;
  /** Shows a "Trigger a demo incident" button that calls this. */
  /** "Trigger a demo incident" in the workspace (and channel) the UI shows; the answer is shown to the user. */
  onDemoIncident?: (where: { teamId: string; teamName: string; channelId: string | null }) => Promise<string | void> | string | void;
  /** The workspaces the app is connected to (the daemon knows); default: those with a bot token here. */
  appTeams?: () => string[];
  /** Slack's clock, in ms (default the system's): tests share the daemon's, so both jump ahead together. */
  now?: () => number;
}

export class Sandbox {
  readonly world: SlackWorld;
  readonly limiter: RateLimiter;
  readonly faults = new FaultInjector();
  readonly credentials: SeededCredentials;
  readonly driver: InteractionDriver;
  readonly socketMode: SocketModeHub;
  /** The Events API: signed event_callbacks (and retries) to the app's events URL, or over Socket Mode. */
  readonly events: EventsSender;
  /** How far the Date header of Web API answers is off real time (ms). */
  dateSkewMs: number;
  /** Bumped on every change, so the UI knows when to redraw. */
  version = 0;
  private server: Server | null = null;
  private url = '';

  constructor(private readonly options: SandboxOptions = {}) {
    this.world = new SlackWorld(options.now);
    this.limiter = new RateLimiter(options.rateLimits ?? true);
    this.dateSkewMs = options.dateSkewMs ?? 0;
    this.credentials = seedWorld(this.world, options);
    this.world.app.interactivityUrl = options.interactivityUrl ?? null;
    this.world.app.commandUrl = options.commandUrl ?? null;
    this.world.app.redirectUrls = options.redirectUrls ?? [];
    this.socketMode = new SocketModeHub(this.world.app.appId);
    this.driver = new InteractionDriver({ world: this.world, baseUrl: () => this.url, onChange: () => this.changed(), socket: this.socketMode });
    this.events = new EventsSender(this.world, this.socketMode, () => this.changed());
  }

  get baseUrl(): string {
    return this.url;
  }

  /** The URL of a Workflow Builder webhook trigger for a workflow with these text variables. */
  addWebhookTrigger(teamId: string, variables: string[]): string {
    return `${this.url}/triggers/${this.world.addWebhookTrigger(teamId, variables).id}`;
  }

  /** The Web API base for SLACK_API_URL, with the trailing slash @slack/web-api expects. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  changed(): void {
    this.version += 1;
  }

  setAppUrls(urls: { interactivityUrl?: string; commandUrl?: string; redirectUrls?: string[]; eventsUrl?: string }): void {
    if (urls.eventsUrl !== undefined) this.world.app.eventsUrl = urls.eventsUrl;
    if (urls.interactivityUrl !== undefined) this.world.app.interactivityUrl = urls.interactivityUrl;
    if (urls.commandUrl !== undefined) this.world.app.commandUrl = urls.commandUrl;
    if (urls.redirectUrls !== undefined) this.world.app.redirectUrls = urls.redirectUrls;
  }

  addFault(rule: FaultRule): void {
    this.faults.add(rule);
  }

  createApp(): Express {
    const app = express();
    app.disable('x-powered-by');
    const onChange = () => this.changed();
    app.use('/api', webApiRouter({ world: this.world, limiter: this.limiter, faults: this.faults, baseUrl: () => this.url, onChange, issueSocketTicket: () => this.socketMode.issueTicket(), dateSkewMs: () => this.dateSkewMs }));
    app.use(oauthRouter(this.world, onChange));
    app.use('/sandbox', express.json({ limit: '1mb' }));

    app.post('/sandbox/response/*path', (req, res) => {
      // Faults for "response_url" make Slack's answer to it fail like the Web API's can.
      const fault = this.faults.take('response_url');
      if (fault?.kind === 'timeout') return void setTimeout(() => res.destroy(), 60_000).unref();
      if (fault?.kind === 'server_error') return void res.status(fault.status ?? 503).type('text/html').send('<html><body>Service Unavailable</body></html>');
      if (fault?.kind === 'rate_limited') return void res.set('Retry-After', String(fault.retryAfter ?? 1)).status(429).json({ ok: false, error: 'ratelimited' });
      const id = (req.params as { path: string[] }).path.join('/');
      const r = this.driver.respond(id, (req.body ?? {}) as Record<string, unknown>);
      res.status(r.status).json(r.body);
    });

    // Workflow Builder webhook triggers (hooks.slack.com/triggers/…): a JSON object of flat text
    // variables starts the workflow. Faults for "workflow_trigger" make it fail like the Web API's can.
    app.post('/triggers/*path', express.json({ limit: '1mb' }), (req, res) => {
      const fault = this.faults.take('workflow_trigger');
      if (fault?.kind === 'timeout') return void setTimeout(() => res.destroy(), 60_000).unref();
      if (fault?.kind === 'server_error') return void res.status(fault.status ?? 503).type('text/html').send('<html><body>Service Unavailable</body></html>');
      if (fault?.kind === 'rate_limited') return void res.set('Retry-After', String(fault.retryAfter ?? 1)).status(429).json({ ok: false, error: 'ratelimited' });
      const r = receiveWebhook(this.world, (req.params as { path: string[] }).path.join('/'), req.body as unknown);
      if (r.ok) this.changed();
      res.status(r.status).json(r.ok ? { ok: true } : { ok: false, error: r.error });
    });

    app.get('/', (_req, res) => {
      res.type('html').send(appPage());
    });
    app.get('/sandbox/ui/state', (req, res) => res.json(this.uiState(req)));
    app.post('/sandbox/ui/act', async (req, res) => {
      const b = req.body as { channel: string; ts: string; action_id: string; block_id?: string; value?: string; as: string; dialog?: 'confirm' | 'deny' };
      // A click on the Home tab the app published for this person.
      if (b.channel === HOME) {
        const user = this.world.users.get(b.as);
        if (!user || !this.world.homes.has(`${user.teamId}:${user.id}`)) return void res.status(404).json({ error: 'That Home tab is gone.' });
        return void res.json(this.describe(await this.driver.actOnHome({ teamId: user.teamId, userId: user.id, actionId: b.action_id, blockId: b.block_id, value: b.value })));
      }
      const m = this.world.message(b.channel, b.ts) ?? this.world.messages.find((x) => x.channel === b.channel && x.ts === b.ts);
      if (!m) return void res.status(404).json({ error: 'That message is gone.' });
      res.json(this.describe(await this.driver.act({ message: m, userId: b.as, actionId: b.action_id, blockId: b.block_id, value: b.value, dialog: b.dialog })));
    });
    app.post('/sandbox/ui/view/submit', async (req, res) => {
      const b = req.body as { view_id: string; values: Record<string, Record<string, string | null>> };
      const view = this.world.views.get(b.view_id);
      if (!view || view.closed) return void res.status(404).json({ error: 'That modal is closed.' });
      res.json(this.describe(await this.driver.submitView(view, b.values)));
    });
    app.post('/sandbox/ui/view/close', async (req, res) => {
      const view = this.world.views.get((req.body as { view_id: string }).view_id);
      if (view) await this.driver.closeView(view);
      res.json({ ok: true });
    });
    app.post('/sandbox/ui/command', async (req, res) => {
      const b = req.body as { channel: string; as: string; command: string; text: string };
      // Slack's own words for a command no installed app offers.
      if (!(this.world.app.commands ?? ['/opsknight']).includes(b.command)) {
        return void res.json({ error: `${b.command} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.` });
      }
      res.json(this.describe(await this.driver.slashCommand({ channel: b.channel, userId: b.as, command: b.command, text: b.text })));
    });
    app.post('/sandbox/ui/shortcut', async (req, res) => {
      const b = req.body as { team: string; as: string; callback_id: string };
      res.json(this.describe(await this.driver.shortcut({ teamId: b.team, userId: b.as, callbackId: b.callback_id })));
    });
    app.post('/sandbox/ui/message-shortcut', async (req, res) => {
      const b = req.body as { channel: string; ts: string; as: string; callback_id: string };
      const m = this.world.message(b.channel, b.ts);
      if (!m) return void res.status(404).json({ error: 'That message is gone.' });
      res.json(this.describe(await this.driver.messageShortcut({ message: m, userId: b.as, callbackId: b.callback_id })));
    });
    app.post('/sandbox/ui/say', (req, res) => {
      const b = req.body as { channel: string; as: string; text: string; thread_ts?: string };
      if (!this.world.channels.has(b.channel) || !this.world.users.has(b.as)) return void res.status(404).json({ error: 'No such channel or user.' });
      this.world.postAsUser(b.channel, b.as, String(b.text ?? ''), b.thread_ts || undefined);
      this.changed();
      res.json({ ok: true });
    });
    app.post('/sandbox/ui/demo-incident', async (req, res) => {
      if (!this.options.onDemoIncident) return void res.status(404).json({ error: 'No app is wired to this sandbox.' });
      const b = (req.body ?? {}) as { team?: string; channel?: string };
      const team = this.world.teams.get(b.team ?? '') ?? [...this.world.teams.values()][0]!;
      const channel = this.world.channels.get(b.channel ?? '');
      try {
        const where = { teamId: team.id, teamName: team.name, channelId: channel?.teamId === team.id ? channel.id : null };
        res.json({ ok: true, result: (await this.options.onDemoIncident(where)) ?? null });
      } catch (err) {
        res.status(500).json({ error: (err as Error).message });
      }
    });

    // For scripts and tests: inspect calls and state, inject faults, switch rate limits.
    app.get('/sandbox/calls', (_req, res) => res.json(this.world.calls));
    app.get('/sandbox/faults', (_req, res) => res.json(this.faults.list()));
    app.post('/sandbox/faults', (req, res) => {
      this.faults.add(req.body as FaultRule);
      res.json({ ok: true, faults: this.faults.list() });
    });
    app.delete('/sandbox/faults', (_req, res) => {
      this.faults.clear();
      res.json({ ok: true });
    });
    // An admin deletes a message (as from Slack's message menu): the app is not told.
    app.post('/sandbox/messages/delete', (req, res) => {
      const b = (req.body ?? {}) as { channel?: string; ts?: string };
      if (!this.world.deleteMessage(String(b.channel ?? ''), String(b.ts ?? ''))) return void res.status(404).json({ ok: false, error: 'message_not_found' });
      this.changed();
      res.json({ ok: true });
    });
    // A user opens the app's Home tab: Slack sends app_home_opened; the app publishes the view.
    app.post('/sandbox/ui/home', async (req, res) => {
      const b = (req.body ?? {}) as { team?: string; as?: string };
      const user = this.world.users.get(String(b.as ?? ''));
      if (!user) return void res.status(404).json({ error: 'No such user.' });
      const result = await this.events.send(user.teamId, { type: 'app_home_opened', user: user.id, channel: `D${user.id.slice(1)}`, tab: 'home' });
      res.json({ ok: result.status === 200, result, home: this.world.homes.get(`${user.teamId}:${user.id}`)?.view ?? null });
    });
    app.post('/sandbox/clock', (req, res) => {
      this.dateSkewMs = Number((req.body as { date_skew_ms?: number }).date_skew_ms) || 0;
      res.json({ ok: true, date_skew_ms: this.dateSkewMs });
    });
    app.post('/sandbox/rate-limits', (req, res) => {
      this.limiter.enabled = Boolean((req.body as { enabled?: boolean }).enabled);
      res.json({ ok: true, enabled: this.limiter.enabled });
    });
    return app;
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const app = this.createApp();
    this.server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(port, host, () => resolve(s));
      s.once('error', reject);
    });
    this.socketMode.attach(this.server);
    const addr = this.server.address() as AddressInfo;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    this.socketMode.close();
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }

  /** What a UI action did, in words the UI can show when it went wrong. */
  private describe(r: DeliveryResult) {
    return r.error ? { error: `The app did not accept it: ${r.error}${r.body ? ` — ${r.body.slice(0, 200)}` : ''}` } : { ok: true };
  }

  private uiState(req: Request) {
    const q = req.query as Record<string, string | undefined>;
    const teams = [...this.world.teams.values()];
    const team = teams.find((t) => t.id === q.team) ?? teams[0]!;
    const bot = this.world.botFor(team.id);
    const humans = [...this.world.users.values()].filter((u) => u.teamId === team.id && !u.isBot);
    const as = humans.find((u) => u.id === q.as) ?? humans[0]!;
    // Direct messages show only to the person in them.
    const channels = [...this.world.channels.values()].filter((c) => c.teamId === team.id && (!c.isIm || c.members.has(as.id)));
    const channel = channels.find((c) => c.id === q.channel) ?? channels.find((c) => c.name === 'incidents') ?? channels[0]!;
    // The app's Home tab, as views.publish last drew it for the person acting.
    const onHome = q.channel === HOME;
    const home = this.world.homes.get(`${team.id}:${as.id}`)?.view ?? null;
    const present = (m: SbMessage) => ({
      ts: m.ts,
      channel: m.channel,
      text: m.text,
      blocks: m.blocks,
      attachments: m.attachments,
      ephemeral: m.ephemeral ?? false,
      reply_broadcast: m.replyBroadcast ?? false,
      edited: Boolean(m.edited),
      user_name: this.world.users.get(m.user)?.realName,
      is_app: Boolean(m.botId),
    });
    const messages = onHome ? [] : this.world.channelMessages(channel.id, as.id);
    const replies: Record<string, unknown[]> = {};
    for (const m of messages) {
      const r = this.world.replies(channel.id, m.ts);
      if (r.length) replies[m.ts] = r.map(present);
    }
    const stack = openStack(this.world.views.values(), as.id);
    const view = stack[stack.length - 1];
    return {
      version: this.version,
      team: team.id,
      channel: onHome ? HOME : channel.id,
      as: as.id,
      home,
      app_url: this.world.app.interactivityUrl,
      demo: Boolean(this.options.onDemoIncident),
      app_installed: this.options.appTeams ? this.options.appTeams().includes(team.id) : Boolean(this.world.botToken(team.id)),
      teams: teams.map((t) => ({ id: t.id, name: t.name })),
      users: [...this.world.users.values()].map((u) => ({ id: u.id, name: u.name, real_name: u.realName, team_id: u.teamId, is_bot: u.isBot ?? false })),
      channels: channels.map((c) => ({
        id: c.id,
        name: c.name,
        is_private: c.isPrivate,
        is_im: Boolean(c.isIm),
        is_archived: c.isArchived,
        bot_member: bot ? c.members.has(bot.userId) : false,
      })),
      messages: messages.map(present),
      replies,
      view: view ? { id: view.id, view: view.view, errors: view.errors ?? null, values: view.values ?? null } : null,
    };
  }
}
