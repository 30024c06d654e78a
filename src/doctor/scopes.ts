// Which bot scopes each feature needs, and which of those features this installation uses.
import type { Workspace, WorkspaceRepo } from '../store/workspace-repo.js';

export interface Feature {
  name: string;
  scopes: string[];
  /** In use here? A missing scope of a feature in use is ✗; of one not in use, ⚠. */
  inUse(w: Workspace, workspaces: WorkspaceRepo): boolean;
}

const routedChannels = (w: Workspace, workspaces: WorkspaceRepo) => [
  ...(w.defaultChannel ? [w.defaultChannel] : []),
  ...workspaces.routes(w.teamId).map((r) => r.channelId),
];

export const FEATURES: Feature[] = [
  { name: 'posting incident messages', scopes: ['chat:write'], inUse: () => true },
  { name: 'posting in public channels without an invite', scopes: ['chat:write.public'], inUse: () => true },
  { name: 'channel names (#name) in routing', scopes: ['channels:read'], inUse: () => true },
  {
    name: 'private channels in routing',
    scopes: ['groups:read'],
    inUse: (w, workspaces) => routedChannels(w, workspaces).some((c) => workspaces.isPrivateChannel(w.teamId, c) === true || c.startsWith('G')),
  },
  { name: 'knowing who clicked (users matched by e-mail)', scopes: ['users:read', 'users:read.email'], inUse: () => true },
  { name: 'the /opsknight slash command', scopes: ['commands'], inUse: () => true },
];

export interface MissingScope {
  scope: string;
  feature: string;
  inUse: boolean;
}

export function missingScopes(granted: string[], w: Workspace, workspaces: WorkspaceRepo): MissingScope[] {
  return FEATURES.flatMap((f) => f.scopes.filter((s) => !granted.includes(s)).map((scope) => ({ scope, feature: f.name, inUse: f.inUse(w, workspaces) })));
}
