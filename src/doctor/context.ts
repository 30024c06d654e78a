// What every check group gets: the store, the environment, the clock, the daemon's facts, and the
// Slack workspaces the credentials check found usable.
import type { WebClient } from '@slack/web-api';
import type { Core } from '../daemon/container.js';
import type { DaemonFacts } from '../daemon/slack-request-log.js';
import type { Workspace } from '../store/workspace-repo.js';
import type { Finding } from './finding.js';

export interface SlackTarget {
  workspace: Workspace;
  client: WebClient;
  /** Granted scopes, from auth.test. */
  scopes: string[];
}

export interface DoctorContext {
  core: Core;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** The running daemon's facts (asked over HTTP by the CLI, read directly in the daemon); null when unknown. */
  facts: DaemonFacts | null;
  /** Why there are no facts, in words. */
  factsProblem: string | null;
  /** The daemon's local address (the CLI's view), for messages. */
  daemonUrl: string | null;
  /** --workspace: only this one (team id or name). */
  workspaceRef?: string;
  /** --post-test: post a test message in this channel. */
  postTest?: string;
  /** Filled by the credentials check: the workspaces whose token works. */
  targets: SlackTarget[];
  /** Network look-ups (HTTPS, DNS) give up after this long. */
  timeoutMs: number;
  /** Run inside the daemon: skip what would hold its event loop (the full integrity scan). */
  inDaemon?: boolean;
}

export type CheckGroup = (ctx: DoctorContext) => Promise<Finding[]> | Finding[];

/** A setting, or null when it cannot be decrypted (the credentials check reports that). */
export function readableSetting(core: Core, key: string): string | null {
  try {
    return core.settings.get(key);
  } catch {
    return null;
  }
}
