// A direct message to one person (src/slack/direct-message.ts): the text, then, for an incident, its
// card rendered from the latest state, with its buttons and ⋯ menu.
import { NotFoundError } from '../../../domain/errors.js';
import { sendDirectMessage } from '../../direct-message.js';
import { delivered, dropped, renderIncident, type Deliverer } from './context.js';

export const dm: Deliverer<'dm'> = {
  method: 'chat.postMessage',
  async deliver(ctx) {
    const { row, ws, client, deps } = ctx;
    const user = row.payload.user ?? (row.payload.email ? await deps.users.idByEmail(client, ws.teamId, row.payload.email) : null);
    if (!user) return dropped(ctx, `no Slack user in this workspace has the e-mail ${row.payload.email ?? '(none given)'}`);
    const intro = { type: 'section', text: { type: 'mrkdwn', text: row.payload.text } };
    let card: ReturnType<typeof renderIncident> | null = null;
    if (row.incidentId !== undefined) {
      try {
        card = renderIncident(deps, deps.incidents.get(row.incidentId).incident, ws.teamId);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        return dropped(ctx, `incident #${row.incidentId} no longer exists`);
      }
    }
    await sendDirectMessage(client, user, {
      text: card ? `${row.payload.text}\n${card.text}` : row.payload.text,
      blocks: [intro, ...(row.payload.blocks ?? []), ...(card?.blocks ?? [])],
      ...(card ? { attachments: card.attachments } : {}),
    });
    return delivered(ctx);
  },
};
