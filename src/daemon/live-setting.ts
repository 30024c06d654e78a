// A stored setting the running daemon follows without a restart (`config rotate-token`,
// `config rotate-link-key` run in another process): the row is looked at at most once per second,
// and decrypted only when it changed. Requests in between use the value in memory.
import type { SettingsRepo } from '../store/settings-repo.js';

export const LIVE_SETTING_CHECK_MS = 1000;

export function liveSetting(settings: SettingsRepo, key: string, initial: string, now: () => number = Date.now): () => string {
  let value = initial;
  let stamp = settings.stamp(key);
  let checkedAt = now();
  return () => {
    const t = now();
    if (t - checkedAt < LIVE_SETTING_CHECK_MS) return value;
    checkedAt = t;
    try {
      const current = settings.stamp(key);
      if (current !== stamp && current !== null) {
        value = settings.get(key) ?? value;
        stamp = current;
      }
    } catch {
      // A locked or busy database: keep the value we have and look again next second.
    }
    return value;
  };
}
