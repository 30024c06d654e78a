// Opens the local store for one CLI command and closes it afterwards.
import { userInfo } from 'node:os';
import { openCore, type Core } from '../daemon/container.js';
import type { Actor } from '../domain/model.js';
import { UserError } from './errors.js';

export async function withCore<T>(work: (core: Core) => T | Promise<T>): Promise<T> {
  const core = openCore(process.env);
  try {
    return await work(core);
  } finally {
    core.close();
  }
}

/** The person behind a CLI action: a named OpsKnight user (--as), else the login name. */
export function cliActor(core: Core, as: string | undefined): Actor {
  if (!as) return { name: `${safeUserName()} (CLI)` };
  const user = core.directory.findUserByEmail(as);
  if (!user) throw new UserError(`No user with e-mail ${as}: add one with \`opsknight-slack user add\`.`);
  if (user.status !== 'ACTIVE') throw new UserError(`${user.name} <${user.email}> is INACTIVE and cannot act on incidents.`);
  return { name: user.name, userId: user.id };
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'cli';
  }
}

/** A whole-number option's value (checked while parsing: src/cli/option-values.ts). */
export function parseIntOption(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

/** Accepts "42" or "#42". */
export function parseIncidentId(value: string): number {
  const m = /^#?(\d+)$/.exec(value.trim());
  if (!m) throw new UserError(`"${value}" is not an incident number: use 42 or #42.`, 2);
  return Number(m[1]);
}
