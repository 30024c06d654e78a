// Daemon options read from the environment that are neither secrets nor the serve config.
import type { SlackWorld } from '../store/workspace-repo.js';
import { parseDuration } from '../domain/duration.js';

/** Set by `serve --sandbox` for its own daemon: the Slack workspaces it sees are the sandbox's. */
export const WORLD_ENV = 'OPSKNIGHT_SLACK_WORLD';

export function slackWorld(env: NodeJS.ProcessEnv): SlackWorld {
  return env[WORLD_ENV] === 'sandbox' ? 'sandbox' : 'slack';
}

/** OPSKNIGHT_REOPEN_WINDOW: how long after its resolution an incident may be reopened (default 24h). */
export function reopenWindow(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.OPSKNIGHT_REOPEN_WINDOW?.trim();
  if (!text) return undefined;
  try {
    return parseDuration(text);
  } catch {
    throw new Error(`OPSKNIGHT_REOPEN_WINDOW="${text}" is not a duration: use forms like 24h, 3d or 90m.`);
  }
}
