// Slack user → e-mail (users.info) → OpsKnight user by e-mail, case-insensitive. Cached with expiry,
// and never allowed to hold up Slack's 3-second answer for long.
import type { WebClient } from '@slack/web-api';
import type { Directory } from '../domain/directory.js';
import type { Actor, User } from '../domain/model.js';
import { Recent } from '../shared/recent.js';
import { slackActorRef } from './render/attribution.js';

export interface SlackProfile {
  email: string | null;
  realName: string | null;
  tzOffsetSeconds: number;
  /** Why we have no e-mail, in words: hidden by the user, or Slack could not be asked. */
  problem?: string;
}

export interface Mapping {
  actor: Actor;
  user: User | null;
  status: 'mapped' | 'unmapped' | 'inactive';
  profile: SlackProfile;
  /** Why a user is unmapped or refused, in words for an ephemeral reply. */
  reason?: string;
}

const TTL_MS = 10 * 60_000;
/** How long an e-mail → OpsKnight user answer is reused: a user deactivated with the CLI is refused
 *  within this time, and a burst of clicks by one responder reads the user once. */
const USER_TTL_MS = 5000;
const LOOKUP_TIMEOUT_MS = 1500;

export class UserMapper {
  private readonly cache = new Map<string, { profile: SlackProfile; at: number }>();
  private readonly users = new Recent<User | null>(USER_TTL_MS, 10_000);

  constructor(
    private readonly directory: Directory,
    private readonly now: () => number = Date.now,
  ) {}

  async profile(client: WebClient, teamId: string, slackUserId: string): Promise<SlackProfile> {
    const key = `${teamId}:${slackUserId}`;
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < TTL_MS) return hit.profile;
    let profile: SlackProfile;
    try {
      const res = await Promise.race([
        client.users.info({ user: slackUserId }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('users.info timed out')), LOOKUP_TIMEOUT_MS).unref()),
      ]);
      const email = res.user?.profile?.email ?? null;
      profile = {
        email,
        realName: res.user?.real_name ?? res.user?.profile?.real_name ?? null,
        tzOffsetSeconds: res.user?.tz_offset ?? 0,
        ...(email ? {} : { problem: 'Slack does not show this user’s e-mail to apps' }),
      };
    } catch (err) {
      // Not cached: the next action tries again.
      return { email: null, realName: null, tzOffsetSeconds: 0, problem: `Slack could not be asked for the profile (${(err as Error).message})` };
    }
    this.cache.set(key, { profile, at: this.now() });
    return profile;
  }

  private userByEmail(email: string): User | null {
    return this.users.get(email.toLowerCase(), () => this.directory.findUserByEmail(email), this.now());
  }

  async map(client: WebClient, teamId: string, slackUser: { id: string; name?: string; username?: string }): Promise<Mapping> {
    const profile = await this.profile(client, teamId, slackUser.id);
    const ref = slackActorRef(teamId, slackUser.id);
    const slackName = profile.realName ?? slackUser.name ?? slackUser.username ?? slackUser.id;
    const user = profile.email ? this.userByEmail(profile.email) : null;
    if (!user) {
      const reason = profile.email ? `no OpsKnight user has the e-mail ${profile.email}` : (profile.problem ?? 'no e-mail known');
      return { actor: { name: `${slackName} (via Slack)`, ref }, user: null, status: 'unmapped', profile, reason };
    }
    if (user.status !== 'ACTIVE') {
      return {
        actor: { name: user.name, userId: user.id, ref },
        user,
        status: 'inactive',
        profile,
        reason: `your OpsKnight account (${user.email}) is INACTIVE`,
      };
    }
    return { actor: { name: user.name, userId: user.id, ref }, user, status: 'mapped', profile };
  }
}
