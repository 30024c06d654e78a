// Secrets the daemon needs, from the environment first, then from encrypted settings.
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../config/load.js';
import { parseDuration } from '../domain/duration.js';
import { DEFAULT_LINK_TTL_MS } from '../http/incident-links.js';
import type { SettingsRepo } from '../store/settings-repo.js';

import { LINK_KEY_SETTING, SIGNING_SECRET_SETTING } from '../config/setting-keys.js';

/** Every signing secret to accept: SLACK_SIGNING_SECRET (comma-separated for a second app or a
 *  rotation) and the one stored by `setup`. None → every Slack request is refused. */
export function signingSecrets(env: NodeJS.ProcessEnv, settings: SettingsRepo): string[] {
  const fromEnv = (env.SLACK_SIGNING_SECRET ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const stored = settings.get(SIGNING_SECRET_SETTING);
  return [...new Set([...fromEnv, ...(stored ? [stored] : [])])];
}

/** The key that signs incident page links; made once and kept. */
export function linkKey(settings: SettingsRepo): string {
  const existing = settings.get(LINK_KEY_SETTING);
  if (existing) return existing;
  const key = randomBytes(32).toString('base64url');
  settings.set(LINK_KEY_SETTING, key, { secret: true });
  return key;
}

/** How long incident page links work: OPSKNIGHT_LINK_TTL (e.g. 30d, 12h), default 30 days. */
export function linkTtlMs(env: NodeJS.ProcessEnv): number {
  const text = env.OPSKNIGHT_LINK_TTL?.trim();
  if (!text) return DEFAULT_LINK_TTL_MS;
  try {
    return parseDuration(text);
  } catch {
    throw new ConfigError(`OPSKNIGHT_LINK_TTL: "${text}" is not a duration; use e.g. 30d or 12h.`);
  }
}

/** A new link key: every incident page link made before stops working. */
export function rotateLinkKey(settings: SettingsRepo): void {
  settings.set(LINK_KEY_SETTING, randomBytes(32).toString('base64url'), { secret: true });
}
