// A stored setting the running daemon follows without a restart (`config rotate-token`,
// `config rotate-link-key` run in another process, or another daemon): read again when the store's
// configuration version moves (looked at at most once a second), and decrypted only then. Requests
// in between use the value in memory.
import type { ConfigVersion } from '../store/config-version.js';
import type { SettingsRepo } from '../store/settings-repo.js';

export function liveSetting(settings: SettingsRepo, key: string, initial: string, version: ConfigVersion): () => string {
  let value = initial;
  return version.memo(() => {
    try {
      value = settings.get(key) ?? value;
    } catch {
      // A locked or busy database: keep the value we have.
    }
    return value;
  });
}
