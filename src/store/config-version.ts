// One counter for "the configuration changed": settings, workspaces and users. Every write to them
// bumps it, from whichever process (a daemon, the CLI); each daemon reads it at most once a second
// and drops what it cached when it moved. So a CLI change or a rotated secret reaches every daemon
// sharing the database within about a second, and caches stay cheap in between (one tiny read).
import { prepared, type Db } from './db.js';

export const CONFIG_VERSION_CHECK_MS = 1000;

/** Called by each write to settings, workspaces or users (inside the write's own transaction, if any). */
export function bumpConfigVersion(db: Db): void {
  prepared(db, "UPDATE store_versions SET version = version + 1 WHERE name = 'config'").run();
}

export class ConfigVersion {
  private value = -1;
  private checkedAt = -Infinity;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** The version, read again at most once per CONFIG_VERSION_CHECK_MS. A locked database keeps the one known. */
  current(): number {
    const t = this.now();
    if (t - this.checkedAt < CONFIG_VERSION_CHECK_MS) return this.value;
    this.checkedAt = t;
    try {
      const row = prepared(this.db, "SELECT version FROM store_versions WHERE name = 'config'").get() as { version: number } | undefined;
      this.value = Number(row?.version ?? 0);
    } catch {
      // Busy or unavailable: look again next second.
    }
    return this.value;
  }

  /** `load()`'s answer, kept until the configuration changes. */
  memo<T>(load: () => T): () => T {
    let at = Number.NaN;
    let value: T;
    return () => {
      const v = this.current();
      if (v !== at) {
        value = load();
        at = v;
      }
      return value;
    };
  }
}
