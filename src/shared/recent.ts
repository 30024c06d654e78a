// Answers looked up recently, reused for a while: for reads on a hot path (every Slack click) whose
// source can change elsewhere (the CLI is another process), where an answer a few seconds old is fine.
export class Recent<T> {
  private readonly entries = new Map<string, { at: number; value: T }>();
  private seenVersion: number | null = null;

  constructor(
    private readonly maxAgeMs: number,
    /** Past this many keys everything is dropped: the cache never grows without bound. */
    private readonly maxEntries = 1000,
    /** When given, a change of this version (the store's configuration version) drops everything. */
    private readonly version?: () => number,
  ) {}

  get(key: string, load: () => T, now: number, maxAgeMs = this.maxAgeMs): T {
    if (this.version) {
      const v = this.version();
      if (v !== this.seenVersion) this.entries.clear();
      this.seenVersion = v;
    }
    const hit = this.entries.get(key);
    if (hit && now - hit.at < maxAgeMs) return hit.value;
    const value = load();
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { at: now, value });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
