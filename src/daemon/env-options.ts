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

/** OPSKNIGHT_DELIVERY_LEASE: how long a daemon's hold on a workspace's deliveries lasts without a
 *  renewal (default 15s; renewed every third of it). A dead daemon's workspaces move on within it. */
export function deliveryLease(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.OPSKNIGHT_DELIVERY_LEASE?.trim();
  if (!text) return undefined;
  let ms: number | null = null;
  try {
    ms = parseDuration(text);
  } catch {
    // said below
  }
  if (ms === null || ms < 3000 || ms > 600_000) throw new Error(`OPSKNIGHT_DELIVERY_LEASE="${text}" must be a duration from 3s to 10m, like 15s or 1m.`);
  return ms;
}
