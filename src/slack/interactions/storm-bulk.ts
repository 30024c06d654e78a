// A storm card's "Acknowledge all" / "Resolve all" (after Slack's confirmation dialog): every
// incident of the storm not yet in that state changes, in one transaction. The notifier answers
// with one thread reply giving the count, and the card is edited.
import type { InteractionContext } from './context.js';
import { SAVING_LATER } from './context.js';

const BULK = {
  acknowledge: { from: ['OPEN', 'SNOOZED'], done: 'acknowledged', none: 'every incident of this storm is already acknowledged or resolved' },
  resolve: { from: ['OPEN', 'ACKNOWLEDGED', 'SNOOZED'], done: 'resolved', none: 'every incident of this storm is already resolved' },
} as const;

export async function stormBulk(ctx: InteractionContext, value: string | undefined, action: keyof typeof BULK): Promise<void> {
  const digestId = Number(value);
  const { outbox, incidents } = ctx.deps;
  const storm = Number.isInteger(digestId) && digestId > 0 ? outbox.digest(digestId) : null;
  if (!storm || storm.teamId !== ctx.workspace.teamId) return ctx.reply('⚠️ That button does not name a storm OpsKnight knows.');
  const bulk = BULK[action];
  // The permission step, for every incident of the card: those of teams the person may not act for stay as they are.
  const permitted = await ctx.actorForMany(outbox.storms.idsInStatus(digestId, ['OPEN', 'ACKNOWLEDGED', 'SNOOZED', 'RESOLVED']));
  if (!permitted) return;
  const { actor } = permitted;
  const mayChange = new Set(permitted.incidentIds);
  const apply = () => {
    const ids = outbox.storms.idsInStatus(digestId, bulk.from).filter((id) => mayChange.has(id));
    return action === 'acknowledge' ? incidents.acknowledgeMany(ids, actor, 'slack') : incidents.resolveMany(ids, actor, 'slack');
  };
  const explain = (changed: number) => {
    if (changed === 0) ctx.reply(`ℹ️ Nothing to do: ${bulk.none}.`);
  };
  const changed = await ctx.save(apply, explain);
  if (changed !== SAVING_LATER) explain(changed);
}
