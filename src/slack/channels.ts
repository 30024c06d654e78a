// Channel references as people type them (#payments or C0123ABCD), resolved to IDs through
// conversations.list, which we page through completely (public and private, archived excluded).
import type { WebClient } from '@slack/web-api';
import type { WorkspaceRepo } from '../store/workspace-repo.js';

export interface ChannelInfo {
  id: string;
  name: string;
  isPrivate: boolean;
  isMember: boolean;
}

export class ChannelLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelLookupError';
  }
}

const CHANNEL_ID = /^[CG][A-Z0-9]{6,}$/;

export function looksLikeChannelId(ref: string): boolean {
  return CHANNEL_ID.test(ref);
}

/** Every channel the bot can see: public ones, and private ones it was invited to. */
export async function listChannels(client: WebClient): Promise<ChannelInfo[]> {
  const out: ChannelInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.conversations.list({ types: 'public_channel,private_channel', exclude_archived: true, limit: 200, cursor });
    for (const c of page.channels ?? []) {
      out.push({ id: c.id!, name: c.name!, isPrivate: Boolean(c.is_private), isMember: Boolean(c.is_member) });
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return out;
}

/** Resolves "#name", "name" or an ID to a channel, remembering names for display. */
export async function resolveChannel(client: WebClient, workspaces: WorkspaceRepo, teamId: string, ref: string): Promise<ChannelInfo> {
  const trimmed = ref.trim();
  const channels = await listChannels(client);
  for (const c of channels) workspaces.rememberChannel(teamId, c.id, c.name, c.isPrivate);
  const found = looksLikeChannelId(trimmed) ? channels.find((c) => c.id === trimmed) : channels.find((c) => c.name === trimmed.replace(/^#/, ''));
  if (found) return found;
  if (looksLikeChannelId(trimmed)) {
    throw new ChannelLookupError(
      `The bot cannot see channel ${trimmed}: it does not exist, is archived, or is private and the bot was not invited (/invite @OpsKnight in that channel).`,
    );
  }
  throw new ChannelLookupError(
    `No channel ${trimmed.startsWith('#') ? trimmed : `#${trimmed}`} is visible to the bot. Check the name; a private channel appears only once the bot is invited (/invite @OpsKnight), and archived channels cannot be used. \`opsknight-slack channels list\` shows the channels the bot can see.`,
  );
}

export function channelLabel(workspaces: WorkspaceRepo, teamId: string, channelId: string | null): string {
  if (!channelId) return '(none)';
  const name = workspaces.channelName(teamId, channelId);
  return name ? `#${name} (${channelId})` : channelId;
}
