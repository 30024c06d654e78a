// A direct message from the app's bot to one person: conversations.open (im:write), then
// chat.postMessage in that DM. Generic (text and blocks), so any outbound kind can share it.
import type { WebClient } from '@slack/web-api';

export interface DirectMessage {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

export async function sendDirectMessage(client: WebClient, slackUserId: string, message: DirectMessage): Promise<{ channel: string; ts: string }> {
  const opened = await client.conversations.open({ users: slackUserId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open answered without a channel');
  const posted = await client.chat.postMessage({
    channel,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks as never } : {}),
    ...(message.attachments ? { attachments: message.attachments as never } : {}),
    unfurl_links: false,
  });
  return { channel, ts: posted.ts ?? '' };
}
