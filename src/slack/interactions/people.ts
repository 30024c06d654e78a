// Slack users chosen in a people picker, as the domain knows people: the OpsKnight user with the same
// e-mail when there is one, and always their Slack reference, so Slack can mention them.
import type { Actor } from '../../domain/model.js';
import type { InteractionContext } from './context.js';

export async function personFromSlack(ctx: InteractionContext, slackUserId: string): Promise<Actor> {
  const m = await ctx.deps.mapper.map(ctx.client, ctx.workspace.teamId, { id: slackUserId });
  const name = m.user?.name ?? m.profile.realName ?? slackUserId;
  return { name, ref: m.actor.ref ?? null, ...(m.user ? { userId: m.user.id } : {}) };
}
