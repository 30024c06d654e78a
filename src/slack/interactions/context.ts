// What every interaction handler gets: the workspace and its client, the person (mapped to an
// OpsKnight user), and a way to answer them privately once Slack has had its HTTP answer.
import type { WebClient } from '@slack/web-api';
import type { ChangeLog } from '../../domain/change-log.js';
import type { Directory } from '../../domain/directory.js';
import { DomainError, InvalidTransitionError } from '../../domain/errors.js';
import type { CommandResult, IncidentService } from '../../domain/incident-service.js';
import type { Actor, Incident } from '../../domain/model.js';
import type { OnCallDirectory } from '../../domain/oncall-directory.js';
import type { Clock } from '../../domain/ports.js';
import type { Logger } from '../../observability/logger.js';
import type { OutboxRepo } from '../../store/outbox-repo.js';
import type { Workspace, WorkspaceRepo } from '../../store/workspace-repo.js';
import { classifySlackError } from '../errors.js';
import { postToResponseUrl, type ResponseUrlOptions } from '../response-url.js';
import type { Mapping, UserMapper } from '../user-mapping.js';
import { slackTimePhrase } from '../render/text.js';
import { isDatabaseBusy } from '../../store/busy.js';
import type { StartIncidentChannel } from '../workflows/start-channel.js';
import type { TeamRepo } from '../../store/team-repo.js';
import { canSee, mayAct, visibility, type AccessPolicy, type Principal, type Visibility } from '../../domain/access.js';
import type { Commit } from '../../store/group-commit.js';

/** How long a click waits for a locked database before the person is asked to try again. */
export const CLICK_PATIENCE_MS = 5 * 60_000;
/** What save() returns when the database is locked: the action is applied later. */
export const SAVING_LATER = Symbol('saving later');

/** A domain error as Slack readers see it: its times as date tokens in their own zone. */
function domainMessage(err: DomainError): string {
  return err instanceof InvalidTransitionError && err.explain ? err.explain(slackTimePhrase) : err.message;
}

export interface SlackDeps {
  incidents: IncidentService;
  directory: Directory;
  workspaces: WorkspaceRepo;
  outbox: OutboxRepo;
  clientFor: (w: Workspace) => WebClient;
  mapper: UserMapper;
  /** Teams, service owners and roles: who sees and acts on what. */
  teams: TeamRepo;
  clock: Clock;
  logger: Logger;
  incidentUrl: (id: number) => string;
  /** Schedules, for the Home tab's coming shifts (none: that block says there are none). */
  oncall?: Pick<OnCallDirectory, 'listSchedules'>;
  /** Who is on call, for /opsknight oncall, from schedules and policies (null when none are set up). */
  onCall?: () => string | null;
  /** Group commit: concurrent clicks share one SQLite transaction (each isolated), and wait (without
   *  blocking) while another process holds the database's write lock. */
  commit: Commit;
  /** Opens an incident's channel on demand (workflows). */
  startIncidentChannel?: StartIncidentChannel;
  /** Changes reported per service, for /opsknight status. */
  changes?: ChangeLog;
  /** Slack delivery health, for /opsknight status. */
  deliveryHealth?: () => { status: string; pending: number; failed: number };
  /** "Escalate now" (the escalation timers): the next step of the policy pages at once. */
  escalateNow?: (id: number, actor: Actor, source: 'slack') => CommandResult;
  /** Retry spacing for private answers (tests shorten it). */
  responseUrlOptions?: ResponseUrlOptions;
  /** The doctor's health summary line, for /opsknight status. */
  healthSummary?: () => string;
  /** Told when an INACTIVE OpsKnight user's click is refused (the doctor lists them). */
  onRefusedInactive?: (email: string, slackUserId: string) => void;
}

/** The HTTP answer Slack gets (status 200 unless said otherwise). */
export interface Answer {
  status?: number;
  body?: unknown;
}

export class InteractionContext {
  /** Ephemeral replies to send once Slack has its answer. */
  readonly replies: string[] = [];
  /** Without a response_url, replies go as chat.postEphemeral in this channel (else the default channel). */
  ephemeralChannel: string | null = null;

  constructor(
    readonly deps: SlackDeps,
    readonly workspace: Workspace,
    readonly client: WebClient,
    readonly slackUser: { id: string; name?: string; username?: string },
    /** Where private replies go: the interaction's response_url, when it has one. */
    public responseUrl: string | undefined,
  ) {}

  reply(text: string): void {
    this.replies.push(text);
  }

  /**
   * THE permission step: every handler that changes an incident gets its actor here, naming the
   * incident it acts on (null: the action creates one), before it changes anything. Refused, with
   * the reason: inactive users, unmapped users where the workspace requires mapped users, viewers,
   * and people not on the team that owns the incident's service when the workspace's cross-team
   * policy refuses them; when that policy allows them, the actor carries `outsideTeam` and the
   * thread says so. The rules are pure, in src/domain/access.ts. `actor()` replies privately;
   * `authorize()` returns the refusal for the caller to show where it fits (a modal's errors).
   */
  async authorize(incidentId: number | null): Promise<{ actor: Actor; refusal?: undefined } | { actor?: undefined; refusal: string }> {
    const m = await this.mappedActor();
    if ('refusal' in m) return m;
    const owner = incidentId === null ? null : this.deps.teams.ownerOfIncident(incidentId);
    const decision = mayAct(this.principalOf(m), this.accessPolicy(), owner, `Incident #${incidentId}`);
    if (!decision.allowed) return { refusal: `⛔ You cannot act on this: ${decision.reason}` };
    return { actor: decision.outsideTeam ? { ...m.actor, outsideTeam: decision.outsideTeam } : m.actor };
  }

  /** The permission step (authorize) for a handler: the actor, or null with a private reply saying why. */
  async actor(incidentId: number | null): Promise<Actor | null> {
    const { actor, refusal } = await this.authorize(incidentId);
    if (refusal !== undefined) this.reply(refusal);
    return actor ?? null;
  }

  /**
   * The same permission step for one action on several incidents (a storm card's Acknowledge all):
   * the actor and the incidents they may act on. Those they may not are left alone, and one private
   * reply says how many and why; null (with the reason) when they may act on none.
   */
  async actorForMany(incidentIds: readonly number[]): Promise<{ actor: Actor; incidentIds: number[] } | null> {
    const m = await this.mappedActor();
    if ('refusal' in m) {
      this.reply(m.refusal);
      return null;
    }
    const principal = this.principalOf(m);
    const policy = this.accessPolicy();
    const allowed: number[] = [];
    const outside = new Set<string>();
    const refused: string[] = [];
    for (const id of incidentIds) {
      const d = mayAct(principal, policy, this.deps.teams.ownerOfIncident(id), `Incident #${id}`);
      if (d.allowed) {
        allowed.push(id);
        if (d.outsideTeam) outside.add(d.outsideTeam);
      } else refused.push(d.reason);
    }
    if (refused.length && !allowed.length) {
      this.reply(`⛔ You cannot act on these: ${refused[0]}`);
      return null;
    }
    if (refused.length) this.reply(`⛔ ${refused.length} of these incidents were left as they are: ${refused[0]}`);
    const actor = outside.size ? { ...m.actor, outsideTeam: [...outside].sort().join(', ') } : m.actor;
    return { actor, incidentIds: allowed };
  }

  /** The mapping, unless it alone forbids acting (inactive users; unmapped ones where mapping is required). */
  private async mappedActor(): Promise<Mapping | { refusal: string }> {
    const m = await this.mapping();
    if (m.status === 'inactive') {
      this.deps.onRefusedInactive?.(m.user!.email, this.slackUser.id);
      return { refusal: `⛔ You cannot act on incidents: ${m.reason}. Ask an OpsKnight admin to reactivate it.` };
    }
    if (m.status === 'unmapped' && this.workspace.settings.requireMappedUser) {
      return {
        refusal: `⛔ Only OpsKnight users can act on incidents in this workspace, and ${m.reason}. Make sure your Slack e-mail matches your OpsKnight e-mail and is visible to apps.`,
      };
    }
    return m;
  }

  /** What this person may see in lists (/opsknight incidents, status), and the services that makes. */
  async visibility(): Promise<{ visibility: Visibility; serviceSlugs: string[] | undefined }> {
    const m = await this.mapping();
    const v = visibility(this.principalOf(m), this.accessPolicy());
    if (v.kind === 'all') return { visibility: v, serviceSlugs: undefined };
    if (v.kind === 'none') return { visibility: v, serviceSlugs: [] };
    const owners = this.deps.teams.serviceOwners();
    return { visibility: v, serviceSlugs: [...owners].filter(([, team]) => canSee(v, team)).map(([slug]) => slug) };
  }

  private accessPolicy(): AccessPolicy {
    const s = this.workspace.settings;
    // A workspace that only lets mapped users act shows them alone its incidents, too.
    return { crossTeamActions: s.crossTeamActions, unmappedCanView: s.unmappedCanView && !s.requireMappedUser };
  }

  private principalOf(m: Mapping): Principal {
    if (!m.user) return { kind: 'unmapped' };
    return { kind: 'user', name: m.user.name, role: this.deps.teams.roleOf(m.user.id), teams: this.deps.teams.teamsOf(m.user.id), active: m.status === 'mapped' };
  }

  private cachedMapping: Mapping | null = null;
  async mapping(): Promise<Mapping> {
    this.cachedMapping ??= await this.deps.mapper.map(this.client, this.workspace.teamId, this.slackUser);
    return this.cachedMapping;
  }

  /**
   * Saves what a person did. Normally at once: returns the result (or throws, e.g. a DomainError).
   * While another process holds the database's write lock, it returns SAVING_LATER as soon as the
   * first attempt finds the lock taken, with a private "Saving…" reply, so Slack has its answer at
   * once (over HTTP and Socket Mode alike); the action is applied when the lock goes, then `later`
   * runs and its replies are sent.
   */
  async save<T>(work: () => T, later: (result: T) => void): Promise<T | typeof SAVING_LATER> {
    let delayed!: () => void;
    const delay = new Promise<typeof SAVING_LATER>((resolve) => (delayed = () => resolve(SAVING_LATER)));
    const saved = this.deps.commit(work, { patienceMs: CLICK_PATIENCE_MS, onDelay: () => delayed() });
    const first = await Promise.race([saved, delay]);
    if (first !== SAVING_LATER) return first;
    this.reply('⏳ Saving… the OpsKnight database is busy (another program holds its lock). Your action will be applied as soon as it is free; no need to click again.');
    void saved
      .then(later, (err: unknown) => this.explainLateFailure(err))
      .catch((err: unknown) => this.explainLateFailure(err))
      .finally(() => void sendReplies(this));
    return SAVING_LATER;
  }

  private explainLateFailure(err: unknown): void {
    if (err instanceof DomainError) return this.reply(`ℹ️ ${domainMessage(err)}`);
    if (isDatabaseBusy(err)) return this.reply(`⚠️ Not saved: the OpsKnight database stayed locked for ${CLICK_PATIENCE_MS / 60_000} minutes. Please try again.`);
    this.deps.logger.error({ err }, 'a Slack action saved after a database lock failed');
    this.reply('⚠️ Something went wrong saving your action; the daemon log has the details.');
  }

  /** Runs a transition, turning "nothing changed" and "not possible" into a private explanation. */
  async transition(run: () => CommandResult): Promise<void> {
    const explain = (r: CommandResult) => {
      if (r.changed) return;
      if (r.reason) this.reply(`ℹ️ ${r.explain ? r.explain(slackTimePhrase) : r.reason}`);
    };
    try {
      const r = await this.save(run, (late) => (late.changed ? this.reply('✅ Saved.') : explain(late)));
      if (r !== SAVING_LATER) explain(r);
    } catch (err) {
      if (err instanceof DomainError) return this.reply(`ℹ️ ${domainMessage(err)}`);
      throw err;
    }
  }
}

/** Sends the private replies, in order, through the response_url (valid 30 minutes, 5 uses). */
export async function sendReplies(ctx: InteractionContext): Promise<void> {
  if (!ctx.replies.length) return;
  if (!ctx.responseUrl) return sendRepliesEphemerally(ctx);
  for (const text of ctx.replies.splice(0)) {
    await postToResponseUrl(ctx.responseUrl, { response_type: 'ephemeral', replace_original: false, text }, ctx.deps.logger, ctx.deps.responseUrlOptions);
  }
}

/** The incident, or null with a private reply saying it does not exist. */
export function incidentOrReply(ctx: InteractionContext, id: number): Incident | null {
  try {
    return ctx.deps.incidents.get(id).incident;
  } catch (err) {
    if (err instanceof DomainError) {
      ctx.reply(`ℹ️ ${err.message}`);
      return null;
    }
    throw err;
  }
}

/** "42" or "42:1h" → 42; anything else → null. */
export function incidentIdFrom(value: string | undefined | null): number | null {
  const m = /^(\d+)(?::|$)/.exec(value ?? '');
  return m ? Number(m[1]) : null;
}

/** Without a response_url (a global shortcut has none, and no channel): chat.postEphemeral to the
 *  user in the channel the handler named (e.g. where the new incident is posted), else the
 *  workspace's default channel, where incidents are posted. */
async function sendRepliesEphemerally(ctx: InteractionContext): Promise<void> {
  const channel = ctx.ephemeralChannel ?? ctx.workspace.defaultChannel;
  const texts = ctx.replies.splice(0);
  if (!channel) {
    ctx.deps.logger.warn({ replies: texts.length }, 'no response_url and no default channel to answer the user in');
    return;
  }
  for (const text of texts) {
    try {
      await ctx.client.chat.postEphemeral({ channel, user: ctx.slackUser.id, text });
    } catch (err) {
      ctx.deps.logger.warn({ error: classifySlackError(err).error }, 'could not answer the user with chat.postEphemeral');
      return;
    }
  }
}
