// Where opsknight-slack keeps its data (DESIGN.md): OPSKNIGHT_SLACK_HOME, else XDG_DATA_HOME, else ~/.local/share.
import { chmodSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isPostgresUrl, maskConnectionString } from '../store/engine.js';

export interface DataPaths {
  home: string;
  /** A SQLite file, or a postgres:// connection string (which may hold a password: print `databaseLabel`). */
  database: string;
  /** `database` safe to print: a connection string's password masked. */
  databaseLabel: string;
  keyFile: string;
}

export function resolvePaths(env: NodeJS.ProcessEnv = process.env): DataPaths {
  const home = env.OPSKNIGHT_SLACK_HOME
    ? resolve(env.OPSKNIGHT_SLACK_HOME)
    : join(env.XDG_DATA_HOME ? resolve(env.XDG_DATA_HOME) : join(homedir(), '.local', 'share'), 'opsknight-slack');
  const target = env.OPSKNIGHT_SLACK_DB;
  // A connection string is not a path: resolving it would make it a file beside the working folder.
  const database = isPostgresUrl(target) ? target : target ? resolve(target) : join(home, 'opsknight-slack.db');
  return {
    home,
    database,
    databaseLabel: maskConnectionString(database),
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
