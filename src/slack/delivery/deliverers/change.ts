// A reported change, posted once as a context line in its service's channel.
import { renderChangeMessage } from '../../render/change-line.js';
import { delivered, type Deliverer } from './context.js';

export const change: Deliverer<'change'> = {
  method: 'chat.postMessage',
  async deliver(ctx) {
    const p = ctx.row.payload;
    const message = renderChangeMessage({ service: p.service, summary: p.summary, source: p.source, links: p.links, at: new Date(p.at) });
    await ctx.client.chat.postMessage({ channel: ctx.row.channelId, ...message, unfurl_links: false, unfurl_media: false });
    return delivered(ctx);
  },
};
