// Edits a storm card with the latest state of its incidents.
import type { Deliverer } from './context.js';
import { stormEditReserve, updateStorm } from './storm.js';

export const digestUpdate: Deliverer<'digest_update'> = {
  method: 'chat.update',
  deliver: (ctx) => updateStorm(ctx, ctx.row.digestId),
  reserve: (row, deps, now) => stormEditReserve(deps, row.digestId, now),
};
