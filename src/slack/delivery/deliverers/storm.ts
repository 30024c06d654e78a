// Storm cards: once a channel's backlog of new-incident posts reaches the workspace's threshold, the
// backlog folds into one card, and every incident routed to that channel while the storm lasts joins
// the card instead of being posted (the notifier does that in the incident's own transaction). The
// card is edited in place as its incidents come and change; a quiet minute ends the storm.
// Edits share the workspace's chat.update budget (Tier 3, about 50 a minute) with every other card:
// while incidents still pour in, a card is edited only from budget beyond one edit per storm under
// way, so when they stop, every card's last state goes out at once rather than one every 1.2 s.
import type { OutboxKind, OutboxRowOf } from '../../../store/outbox-messages.js';
import type { StormDigest } from '../../../store/outbox-repo.js';
import { renderStormCard, STORM_LISTED } from '../../render/storm-card.js';
import type { RenderedMessage } from '../../render/incident-message.js';
import type { PaceReserve } from '../pace.js';
import { delivered, dropped, version, type DelivererDeps, type DeliveryContext, type DeliveryOutcome } from './context.js';

/** A storm lasts while incidents keep coming to its channel: this long without one ends it. */
export const STORM_QUIET_MS = 60_000;

/** A card whose channel got no new incident for this long shows (for now) its storm's last state:
 *  its edit may spend the budget kept for such edits. */
export const STORM_SETTLE_MS = 500;

/** What a storm card's edit leaves of the edit budget while its storm still grows: one edit for
 *  each storm under way in the workspace (its own included). */
export function stormEditReserve(deps: DelivererDeps, digestId: number, now: number): PaceReserve | null {
  const storm = deps.outbox.digest(digestId);
  if (!storm || storm.lastIncidentAt <= now - STORM_SETTLE_MS) return null;
  return { keep: deps.outbox.storms.underWay(storm.teamId, now - STORM_QUIET_MS), until: storm.lastIncidentAt + STORM_SETTLE_MS };
}

/** The card as the storm stands now, and the storm's version it shows. */
export function renderStorm(deps: DelivererDeps, digestId: number): { message: RenderedMessage; version: string } {
  const { storms } = deps.outbox;
  const counts = storms.counts(digestId);
  const listed = storms.incidentIds(digestId, STORM_LISTED).map((id) => deps.incidents.get(id).incident);
  return { message: renderStormCard({ digestId, counts, listed, incidentUrl: deps.incidentUrl, stormUrl: deps.stormUrl }), version: counts.version };
}

/** Folds pending posts into a storm (their incidents join its card), and asks for the card's edit. */
export function foldIntoStorm(deps: DelivererDeps, storm: StormDigest, rows: OutboxRowOf<'post'>[], now: number): void {
  const { outbox, incidents } = deps;
  for (const r of rows) outbox.joinStorm(r.incidentId, storm, version(incidents.get(r.incidentId).incident), now);
  outbox.cancel(rows.map((r) => r.id));
  if (storm.ts) outbox.enqueue({ teamId: storm.teamId, channelId: storm.channelId, kind: 'digest_update', digestId: storm.id }, now);
}

/** Starts a storm: the channel's whole post backlog (the row being delivered among them) becomes one card. */
export async function postStorm(ctx: DeliveryContext<'post'>, backlog: OutboxRowOf<'post'>[], unposted: StormDigest | null): Promise<DeliveryOutcome> {
  const { outbox } = ctx.deps;
  const { ws, row } = ctx;
  const storm = await ctx.write(() => {
    // A card whose post failed (429, crash) is posted again, not started anew.
    const created = unposted ?? outbox.digest(outbox.createDigest(ws.teamId, row.channelId, ctx.now()))!;
    // The card's incidents are known before it goes out, so it is complete when it lands.
    for (const r of backlog) outbox.joinStorm(r.incidentId, created, version(ctx.deps.incidents.get(r.incidentId).incident), ctx.now());
    return created;
  });
  const card = renderStorm(ctx.deps, storm.id);
  const res = await ctx.client.chat.postMessage({ channel: row.channelId, ...card.message, unfurl_links: false });
  await ctx.write(() => {
    outbox.digestPosted(storm.id, String(res.ts));
    outbox.cancel(backlog.map((r) => r.id));
    // Incidents that joined (or changed) while the card was on its way are shown by its next edit.
    if (outbox.storms.counts(storm.id).version !== card.version) outbox.enqueue({ teamId: ws.teamId, channelId: row.channelId, kind: 'digest_update', digestId: storm.id }, ctx.now());
  });
  ctx.deps.logger.info({ team_id: ws.teamId, channel: row.channelId, incidents: backlog.length }, 'alert storm: one card stands for the channel’s incidents');
  ctx.deps.metrics?.folded(backlog.length);
  return { status: 'delivered' };
}

/** Edits a storm card with the latest state of its incidents (those that joined since included). */
export async function updateStorm<K extends OutboxKind>(ctx: DeliveryContext<K>, digestId: number): Promise<DeliveryOutcome> {
  const storm = ctx.deps.outbox.digest(digestId);
  if (!storm) return delivered(ctx);
  if (!storm.ts) {
    // Its card is still to be posted by the post row ahead in this channel (which carries the state).
    if (ctx.deps.outbox.pendingPosts(storm.teamId, storm.channelId).length === 0) return dropped(ctx, 'its storm card was never posted');
    await ctx.write(() => ctx.deps.outbox.retryLater(ctx.row.id, ctx.now() + 500, 'waiting for the storm card', false));
    return { status: 'waiting' };
  }
  const card = renderStorm(ctx.deps, digestId);
  await ctx.client.chat.update({ channel: storm.channelId, ts: storm.ts, ...card.message });
  // A change that landed while this call was out (its own edit request coalesced into this row) is
  // sent by this same row, next round.
  if (ctx.deps.outbox.storms.counts(digestId).version !== card.version) {
    await ctx.write(() => ctx.deps.outbox.retryLater(ctx.row.id, ctx.now(), 'newer state to render', false));
    return { status: 'delivered' };
  }
  return delivered(ctx);
}
