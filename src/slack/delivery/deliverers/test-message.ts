// `test-channel`'s message: a plain post.
import { delivered, type Deliverer } from './context.js';

export const testMessage: Deliverer<'test'> = {
  method: 'chat.postMessage',
  async deliver(ctx) {
    await ctx.client.chat.postMessage({ channel: ctx.row.channelId, text: ctx.row.payload.text, unfurl_links: false });
    return delivered(ctx);
  },
};
