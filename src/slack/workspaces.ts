// Connecting workspaces: from a bot token (SLACK_BOT_TOKEN, setup) via auth.test, and choosing which
// one a command is about.
import type { WebClient } from '@slack/web-api';
import type { Workspace, WorkspaceRepo } from '../store/workspace-repo.js';

export class WorkspaceChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkspaceChoiceError';
  }
}

/** Stores (or refreshes) the workspace a bot token belongs to. */
export async function connectBotToken(client: WebClient, token: string, workspaces: WorkspaceRepo): Promise<Workspace> {
  const res = await client.auth.test();
  const scopes = res.response_metadata?.scopes ?? [];
  const existing = workspaces.get(String(res.team_id));
  if (existing && existing.botToken === token && existing.status === 'ok' && existing.scopes.join(',') === scopes.join(',')) return existing;
  return workspaces.upsert({
    teamId: String(res.team_id),
    teamName: String(res.team ?? res.team_id),
    botToken: token,
    botUserId: (res.user_id as string | undefined) ?? null,
    botId: (res.bot_id as string | undefined) ?? null,
    scopes,
    installedBy: existing?.installedBy ?? 'SLACK_BOT_TOKEN',
  });
}

/** The workspace a command means: the one named (team id or name), or the only one there is. */
export function chooseWorkspace(workspaces: WorkspaceRepo, ref: string | undefined): Workspace {
  const all = workspaces.list();
  if (ref) {
    const lower = ref.toLowerCase();
    const found = all.find((w) => w.teamId === ref || w.teamName.toLowerCase() === lower);
    if (!found) {
      throw new WorkspaceChoiceError(
        `No connected workspace "${ref}". Connected: ${all.map((w) => `${w.teamName} (${w.teamId})`).join(', ') || 'none'}.`,
      );
    }
    return found;
  }
  if (all.length === 1) return all[0]!;
  if (!all.length) {
    throw new WorkspaceChoiceError(
      'No Slack workspace is connected yet. Set SLACK_BOT_TOKEN (and SLACK_SIGNING_SECRET), run `opsknight-slack setup`, or install through OAuth.',
    );
  }
  throw new WorkspaceChoiceError(`Several workspaces are connected; say which with --workspace: ${all.map((w) => `${w.teamName} (${w.teamId})`).join(', ')}.`);
}
