// Re-renders a storm digest with the latest state of its incidents.
import type { Deliverer } from './context.js';
import { updateDigest } from './digest.js';

export const digestUpdate: Deliverer<'digest_update'> = {
  method: 'chat.update',
  deliver: (ctx) => updateDigest(ctx, ctx.row.digestId, null),
};
