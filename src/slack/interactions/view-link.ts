// The View button is a link: the browser opens it, and Slack also tells us of the click. While the
// link is valid there is nothing to do. On an old message whose link has expired (or predates
// expiring links), the user gets a fresh link privately.
import type { InteractionContext } from './context.js';
import { incidentIdFrom } from './context.js';

export async function viewClicked(ctx: InteractionContext, value: string | undefined): Promise<void> {
  const id = incidentIdFrom(value);
  if (id === null) return;
  const expires = /:e(\d+)$/.exec(value ?? '')?.[1];
  if (expires && Number(expires) * 1000 > ctx.deps.clock.now().getTime()) return;
  ctx.reply(`🔗 The link on that message has expired. A fresh one: <${ctx.deps.incidentUrl(id)}|open incident #${id}>`);
}
