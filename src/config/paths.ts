// Where opsknight-slack keeps its data (DESIGN.md): OPSKNIGHT_SLACK_HOME, else XDG_DATA_HOME, else ~/.local/share.
import { chmodSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface DataPaths {
  home: string;
  database: string;
  keyFile: string;
}

export function resolvePaths(env: NodeJS.ProcessEnv = process.env): DataPaths {
  const home = env.OPSKNIGHT_SLACK_HOME
    ? resolve(env.OPSKNIGHT_SLACK_HOME)
    : join(env.XDG_DATA_HOME ? resolve(env.XDG_DATA_HOME) : join(homedir(), '.local', 'share'), 'opsknight-slack');
  return {
    home,
    database: env.OPSKNIGHT_SLACK_DB ? resolve(env.OPSKNIGHT_SLACK_DB) : join(home, 'opsknight-slack.db'),
    keyFile: join(home, 'secret.key'),
  };
}

/** Creates a private folder (0700) for data and secrets. */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
}

export function ensureParentDir(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
}
