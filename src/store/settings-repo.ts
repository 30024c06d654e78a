// Key/value settings; secret values are sealed with the SecretBox before they touch the disk.
import { bumpConfigVersion } from './config-version.js';
import { prepared, type Db } from './db.js';
import type { SecretBox } from './secrets.js';

interface SettingRow {
  value: string;
  encrypted: number;
}

export class SettingsRepo {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  get(key: string): string | null {
    const row = prepared(this.db, 'SELECT value, encrypted FROM settings WHERE key = ?').get(key) as SettingRow | undefined;
    if (!row) return null;
    return row.encrypted ? this.secrets.decrypt(row.value) : row.value;
  }

  /** What the stored row looks like now (its sealed value), without decrypting: cheap to compare. */
  stamp(key: string): string | null {
    const row = prepared(this.db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  set(key: string, value: string, options: { secret?: boolean } = {}): void {
    const stored = options.secret ? this.secrets.encrypt(value) : value;
    prepared(this.db, 
        `INSERT INTO settings (key, value, encrypted, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, encrypted = excluded.encrypted, updated_at = excluded.updated_at`,
      )
      .run(key, stored, options.secret ? 1 : 0, new Date().toISOString());
    bumpConfigVersion(this.db);
  }

  delete(key: string): void {
    prepared(this.db, 'DELETE FROM settings WHERE key = ?').run(key);
    bumpConfigVersion(this.db);
  }
}
