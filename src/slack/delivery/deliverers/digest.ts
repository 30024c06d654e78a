// Alert-storm digests: a channel's backlog of new-incident posts folded into one message, edited in
// place as its incidents change.
import type { OutboxKind, OutboxRowOf } from '../../../store/outbox-messages.js';
import { DIGEST_MAX_INCIDENTS, renderDigest } from '../../render/digest.js';
import { version, waitForParent, delivered, type DeliveryContext, type DeliveryOutcome } from './context.js';

/** Posts the digest for the first rows of a channel's post backlog (the row being delivered among them). */
export async function postDigest(ctx: DeliveryContext<'post'>, backlog: OutboxRowOf<'post'>[]): Promise<DeliveryOutcome> {
  const { outbox, incidents, incidentUrl } = ctx.deps;
  const { ws } = ctx;
  const rows = backlog.slice(0, DIGEST_MAX_INCIDENTS);
  const channelId = rows[0]!.channelId;
  const folded = rows.map((r) => incidents.get(r.incidentId).incident);
  const digestId = await ctx.write(() => outbox.createDigest(ws.teamId, channelId, ctx.now()));
  const res = await ctx.client.chat.postMessage({ channel: channelId, ...renderDigest(folded, incidentUrl), unfurl_links: false });
  const ts = String(res.ts);
  await ctx.write(() => {
    outbox.digestPosted(digestId, ts);
    for (const i of folded) outbox.messagePosted(i.id, ws.teamId, channelId, ts, version(i), digestId);
    outbox.cancel(rows.map((r) => r.id));
  });
  ctx.deps.logger.info({ team_id: ws.teamId, channel: channelId, incidents: folded.length }, 'alert storm: posts folded into a digest');
  ctx.deps.metrics?.folded(folded.length);
  return { status: 'delivered' };
}

/** Re-renders a digest with its incidents' latest state. */
export async function updateDigest<K extends OutboxKind>(ctx: DeliveryContext<K>, digestId: number, incidentId: number | null): Promise<DeliveryOutcome> {
  const { outbox, incidents, incidentUrl } = ctx.deps;
  const digest = outbox.digest(digestId);
  if (!digest?.ts) return waitForParent(ctx, incidentId);
  const folded = outbox.incidentsInDigest(digestId).map((id) => incidents.get(id).incident);
  await ctx.client.chat.update({ channel: digest.channelId, ts: digest.ts, ...renderDigest(folded, incidentUrl) });
  return delivered(ctx);
}
