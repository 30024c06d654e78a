// The incident API is never open: a token comes from OPSKNIGHT_API_TOKEN, or is generated once and stored encrypted.
import { randomBytes } from 'node:crypto';
import type { SettingsRepo } from '../store/settings-repo.js';

import { API_TOKEN_SETTING } from '../config/setting-keys.js';

export { API_TOKEN_SETTING };

export interface ApiToken {
  token: string;
  source: 'environment' | 'stored' | 'generated';
}

export function resolveApiToken(settings: SettingsRepo, env: NodeJS.ProcessEnv = process.env): ApiToken {
  if (env.OPSKNIGHT_API_TOKEN) return { token: env.OPSKNIGHT_API_TOKEN, source: 'environment' };
  const stored = settings.get(API_TOKEN_SETTING);
  if (stored) return { token: stored, source: 'stored' };
  const token = `okn_${randomBytes(24).toString('base64url')}`;
  settings.set(API_TOKEN_SETTING, token, { secret: true });
  return { token, source: 'generated' };
}
