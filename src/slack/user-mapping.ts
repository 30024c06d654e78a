// Slack user → e-mail (users.info, through the shared SlackUsers cache) → OpsKnight user by e-mail,
// case-insensitive. Cached with expiry, and never allowed to hold up Slack's 3-second answer for long.
import type { WebClient } from '@slack/web-api';
import type { Directory } from '../domain/directory.js';
import type { Actor, User } from '../domain/model.js';
import { Recent } from '../shared/recent.js';
import { slackActorRef } from './render/attribution.js';
import { SlackUsers, type SlackProfile } from './slack-users.js';

export type { SlackProfile } from './slack-users.js';

export interface Mapping {
  actor: Actor;
  user: User | null;
  status: 'mapped' | 'unmapped' | 'inactive';
  profile: SlackProfile;
  /** Why a user is unmapped or refused, in words for an ephemeral reply. */
  reason?: string;
}

/** How long an e-mail → OpsKnight user answer is reused: a user deactivated with the CLI is refused
 *  within this time, and a burst of clicks by one responder reads the user once. */
const USER_TTL_MS = 5000;

export class UserMapper {
  private readonly users: Recent<User | null>;

  constructor(
    private readonly directory: Directory,
    private readonly now: () => number = Date.now,
    private readonly slackUsers: SlackUsers = new SlackUsers(now),
    /** The store's configuration version: a user changed by the CLI (or another daemon) is read again within a second. */
    configVersion?: () => number,
  ) {
    this.users = new Recent<User | null>(USER_TTL_MS, 10_000, configVersion);
  }

  /** Slack profiles come from the Slack user cache the daemon shares with delivery's mentions. */
  profile(client: WebClient, teamId: string, slackUserId: string): Promise<SlackProfile> {
    return this.slackUsers.profile(client, teamId, slackUserId);
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
