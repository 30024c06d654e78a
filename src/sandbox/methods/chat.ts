// chat.postMessage, chat.update, chat.delete, chat.postEphemeral, chat.getPermalink.
import { LIMITS, problemMessages, validateAttachments, validateBlocks } from '../block-kit.js';
import type { SbChannel, SbMessage } from '../world.js';
import { SlackApiError, boolArg, jsonArg, stringArg, type MethodContext, type MethodSpec } from './types.js';

function messageJson(m: SbMessage) {
  return {
    type: 'message',
    subtype: 'bot_message',
    text: m.text,
    user: m.user,
    bot_id: m.botId,
    app_id: m.appId,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.attachments ? { attachments: m.attachments } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.edited ? { edited: m.edited } : {}),
    team: m.teamId,
    ts: m.ts,
  };
}
export { messageJson };

/** The channel the bot may post in, or the error Slack would give. */
export function channelForPost(ctx: MethodContext, ref: string): SbChannel {
  const team = ctx.team!;
  const channel = ctx.world.findChannel(team.id, ref);
  if (!channel) throw new SlackApiError('channel_not_found');
  const bot = ctx.world.botFor(team.id);
  const isMember = bot !== undefined && channel.members.has(bot.userId);
  // A private channel is invisible to a bot that was not invited; Slack answers not_in_channel when posting.
  if (channel.isPrivate && !isMember) throw new SlackApiError('not_in_channel');
  if (channel.isArchived) throw new SlackApiError('is_archived');
  if (!channel.isPrivate && !isMember && !ctx.token!.scopes.includes('chat:write.public')) {
    throw new SlackApiError('not_in_channel');
  }
  return channel;
}

interface Content {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  warnings: string[];
  messages: string[];
}

/** Validates text, blocks and attachments as Slack does; truncates over-long text with a warning. */
function content(ctx: MethodContext, maxText: number, truncate: boolean): Content {
  const blocks = jsonArg(ctx.args, 'blocks', 'invalid_blocks_format');
  const attachments = jsonArg(ctx.args, 'attachments', 'invalid_attachments');
  let text = typeof ctx.args.text === 'string' ? ctx.args.text : '';
  if (!text && blocks === undefined && attachments === undefined) throw new SlackApiError('no_text');
  const warnings: string[] = [];
  const messages: string[] = [];
  if (blocks !== undefined) {
    const problems = validateBlocks(blocks, 'message');
    if (problems.length) {
      throw new SlackApiError('invalid_blocks', {
        errors: problems.map((p) => `${p.message} [json-pointer:${p.pointer}]`),
        response_metadata: { messages: problemMessages(problems) },
      });
    }
  }
  if (attachments !== undefined) {
    if (Array.isArray(attachments) && attachments.length > LIMITS.attachments) throw new SlackApiError('too_many_attachments');
    const problems = validateAttachments(attachments);
    if (problems.length) {
      throw new SlackApiError('invalid_attachments', { response_metadata: { messages: problemMessages(problems) } });
    }
  }
  if (text.length > maxText) {
    if (!truncate) throw new SlackApiError('msg_too_long');
    text = text.slice(0, maxText);
    warnings.push('message_truncated');
    messages.push('[WARN] Your message was truncated but still posted. The `text` field accepts up to 40,000 characters.');
  }
  return {
    text,
    blocks: blocks as unknown[] | undefined,
    attachments: attachments as unknown[] | undefined,
    warnings,
    messages,
  };
}

function withWarnings(body: Record<string, unknown>, c: Content): Record<string, unknown> {
  if (!c.warnings.length) return body;
  return { ...body, warning: c.warnings.join(','), response_metadata: { warnings: c.warnings, messages: c.messages } };
}

export const postMessage: MethodSpec = {
  auth: 'bot',
  scopes: ['chat:write'],
  channelArg: 'channel',
  handler(ctx) {
    const channel = channelForPost(ctx, stringArg(ctx.args, 'channel'));
    const c = content(ctx, LIMITS.messageText, true);
    const threadTs = stringArg(ctx.args, 'thread_ts', false) || undefined;
    const bot = ctx.world.botFor(channel.teamId)!;
    const m: SbMessage = {
      ts: ctx.world.nextTs(),
      channel: channel.id,
      teamId: channel.teamId,
      text: c.text,
      blocks: c.blocks,
      attachments: c.attachments,
      threadTs,
      replyBroadcast: threadTs ? boolArg(ctx.args, 'reply_broadcast') : undefined,
      user: bot.userId,
      botId: bot.botId,
      appId: ctx.world.app.appId,
    };
    ctx.world.messages.push(m);
    return withWarnings({ channel: channel.id, ts: m.ts, message: messageJson(m) }, c);
  },
};

export const update: MethodSpec = {
  auth: 'bot',
  scopes: ['chat:write'],
  handler(ctx) {
    const channel = ctx.world.findChannel(ctx.team!.id, stringArg(ctx.args, 'channel'));
    if (!channel) throw new SlackApiError('channel_not_found');
    const m = ctx.world.message(channel.id, stringArg(ctx.args, 'ts'));
    if (!m || m.deleted) throw new SlackApiError('message_not_found');
    const bot = ctx.world.botFor(channel.teamId);
    if (m.user !== bot?.userId) throw new SlackApiError('cant_update_message');
    if (channel.isArchived) throw new SlackApiError('is_archived');
    const c = content(ctx, LIMITS.updateText, false);
    m.text = c.text;
    // Fields left out keep their value, as in Slack; an empty array clears them.
    if (c.blocks !== undefined) m.blocks = c.blocks;
    if (c.attachments !== undefined) m.attachments = c.attachments;
    m.edited = { user: m.user, ts: ctx.world.nextTs() };
    return { channel: channel.id, ts: m.ts, text: m.text, message: messageJson(m) };
  },
};

/** chat.delete with a bot token deletes only the bot's own messages (cant_delete_message otherwise). */
export const deleteMessage: MethodSpec = {
  auth: 'bot',
  scopes: ['chat:write'],
  handler(ctx) {
    const channel = ctx.world.findChannel(ctx.team!.id, stringArg(ctx.args, 'channel'));
    if (!channel) throw new SlackApiError('channel_not_found');
    const ts = stringArg(ctx.args, 'ts');
    const m = ctx.world.message(channel.id, ts);
    if (!m || m.deleted) throw new SlackApiError('message_not_found');
    if (m.user !== ctx.world.botFor(channel.teamId)?.userId) throw new SlackApiError('cant_delete_message');
    ctx.world.deleteMessage(channel.id, ts);
    return { channel: channel.id, ts };
  },
};

export const postEphemeral: MethodSpec = {
  auth: 'bot',
  scopes: ['chat:write'],
  handler(ctx) {
    const channel = channelForPost(ctx, stringArg(ctx.args, 'channel'));
    const user = stringArg(ctx.args, 'user');
    if (!ctx.world.users.has(user)) throw new SlackApiError('user_not_found');
    if (!channel.members.has(user)) throw new SlackApiError('user_not_in_channel');
    const c = content(ctx, LIMITS.updateText, false);
    const bot = ctx.world.botFor(channel.teamId)!;
    const ts = ctx.world.nextTs();
    ctx.world.messages.push({
      ts,
      channel: channel.id,
      teamId: channel.teamId,
      text: c.text,
      blocks: c.blocks,
      attachments: c.attachments,
      threadTs: stringArg(ctx.args, 'thread_ts', false) || undefined,
      user: bot.userId,
      botId: bot.botId,
      appId: ctx.world.app.appId,
      ephemeral: true,
      visibleTo: user,
    });
    return { message_ts: ts };
  },
};

export const getPermalink: MethodSpec = {
  auth: 'any',
  handler(ctx) {
    const channel = ctx.world.findChannel(ctx.team!.id, stringArg(ctx.args, 'channel'));
    if (!channel) throw new SlackApiError('channel_not_found');
    const ts = stringArg(ctx.args, 'message_ts');
    const m = ctx.world.message(channel.id, ts);
    if (!m) throw new SlackApiError('message_not_found');
    const base = `${ctx.baseUrl}/archives/${channel.id}/p${ts.replace('.', '')}`;
    return { channel: channel.id, permalink: m.threadTs && m.threadTs !== m.ts ? `${base}?thread_ts=${m.threadTs}&cid=${channel.id}` : base };
  },
};
