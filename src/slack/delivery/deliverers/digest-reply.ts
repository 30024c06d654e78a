// One thread reply under a storm card (a bulk action's count).
import { delivered, dropped, type Deliverer } from './context.js';

export const digestReply: Deliverer<'digest_reply'> = {
  method: 'chat.postMessage',
  async deliver(ctx) {
    const storm = ctx.deps.outbox.digest(ctx.row.digestId);
    if (!storm?.ts) return dropped(ctx, 'its storm card was never posted');
    await ctx.client.chat.postMessage({ channel: storm.channelId, thread_ts: storm.ts, text: ctx.row.payload.text, unfurl_links: false });
    return delivered(ctx);
  },
};
