// Slack user look-ups (users.info for interactions, users.lookupByEmail for mentions), through one
// expiring cache shared by the daemon's interactions and its delivery. Answers expire, and so do
// failures: a look-up that failed (Slack down, rate limited) is asked again a little later, never
// kept until restart.
import type { WebClient } from '@slack/web-api';

export interface SlackProfile {
  email: string | null;
  realName: string | null;
  tzOffsetSeconds: number;
  /** Why we have no e-mail, in words: hidden by the user, or Slack could not be asked. */
  problem?: string;
}

/** How long an answer from Slack is reused (a changed e-mail or a new member shows within this). */
export const ANSWER_TTL_MS = 10 * 60_000;
/** How long a failed e-mail look-up stands before Slack is asked again. */
export const FAILED_LOOKUP_TTL_MS = 60_000;
const LOOKUP_TIMEOUT_MS = 1500;
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  expiresAt: number;
}

const withTimeout = <T>(p: Promise<T>, what: string): Promise<T> =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), LOOKUP_TIMEOUT_MS).unref())]);

export class SlackUsers {
  private readonly entries = new Map<string, Entry<unknown>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** users.info: the profile of a Slack user. A failure is not cached (the next click asks again)
   *  and says why in `problem`. */
  async profile(client: WebClient, teamId: string, slackUserId: string): Promise<SlackProfile> {
    return this.cached(`profile:${teamId}:${slackUserId}`, async () => {
      try {
        const res = await withTimeout(client.users.info({ user: slackUserId }), 'users.info');
        const email = res.user?.profile?.email ?? null;
        const profile: SlackProfile = {
          email,
          realName: res.user?.real_name ?? res.user?.profile?.real_name ?? null,
          tzOffsetSeconds: res.user?.tz_offset ?? 0,
          ...(email ? {} : { problem: 'Slack does not show this user’s e-mail to apps' }),
        };
        return { value: profile, ttlMs: ANSWER_TTL_MS };
      } catch (err) {
        const problem = `Slack could not be asked for the profile (${(err as Error).message})`;
        return { value: { email: null, realName: null, tzOffsetSeconds: 0, problem }, ttlMs: 0 };
      }
    });
  }

  /** users.lookupByEmail: the Slack user id for an e-mail, or null when there is none (or Slack
   *  could not say: that answer stands only briefly). */
  async idByEmail(client: WebClient, teamId: string, email: string): Promise<string | null> {
    return this.cached(`email:${teamId}:${email.toLowerCase()}`, async () => {
      try {
        return { value: (await withTimeout(client.users.lookupByEmail({ email }), 'users.lookupByEmail')).user?.id ?? null, ttlMs: ANSWER_TTL_MS };
      } catch (err) {
        const notFound = (err as { data?: { error?: string } }).data?.error === 'users_not_found';
        return { value: null, ttlMs: notFound ? ANSWER_TTL_MS : FAILED_LOOKUP_TTL_MS };
      }
    });
  }

  private async cached<T>(key: string, load: () => Promise<{ value: T; ttlMs: number }>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.value as T;
    const { value, ttlMs } = await load();
    if (ttlMs > 0) {
      // Never grows without bound: past the cap everything is asked again.
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    } else {
      this.entries.delete(key);
    }
    return value;
  }
}
