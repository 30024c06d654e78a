import type { SlackWorld, SbTeam, SbToken } from '../world.js';

/** An `ok:false` answer: `error` plus any extra fields Slack sends with it (needed, provided…). */
export class SlackApiError extends Error {
  constructor(
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error);
  }
}

export type Args = Record<string, unknown>;

export interface MethodContext {
  world: SlackWorld;
  token: SbToken | null;
  team: SbTeam | null;
  args: Args;
  /** The sandbox's own base URL (for permalinks, response_urls, socket URLs). */
  baseUrl: string;
  /** Basic-auth client credentials, for oauth.v2.access. */
  basicAuth: { user: string; pass: string } | null;
  /** Socket Mode: a single-use ticket for the connection URL. */
  issueSocketTicket?: () => string;
  /** Called after a view changes, so the UI and the interaction driver can follow. */
  onViewsChanged?: () => void;
}

export interface MethodSpec {
  /** What token the method wants: a bot token, an app-level token, or none (oauth.v2.access). */
  auth: 'bot' | 'app' | 'none' | 'any';
  /** Scopes needed; a function when they depend on the arguments. */
  scopes?: string[] | ((args: Args) => string[]);
  /** Whether the rate limit is per channel (chat.postMessage). */
  channelArg?: string;
  handler(ctx: MethodContext): Record<string, unknown>;
}

export function stringArg(args: Args, name: string, required = true): string {
  const v = args[name];
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  if (required) throw new SlackApiError('invalid_arguments', { response_metadata: { messages: [`[ERROR] missing required field: ${name}`] } });
  return '';
}

export function boolArg(args: Args, name: string): boolean {
  const v = args[name];
  return v === true || v === 'true' || v === '1' || v === 1;
}

/** Web API form fields carry JSON as strings (blocks, attachments, view); JSON bodies carry objects. */
export function jsonArg(args: Args, name: string, badFormatError: string): unknown {
  const v = args[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    throw new SlackApiError(badFormatError);
  }
}
