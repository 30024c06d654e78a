// Bytes held for requests whose sender is not yet known (a Slack request before its signature is
// checked, a PagerDuty event before its routing key is looked up), across all connections. Without
// a cap, anyone can make the daemon hold as much memory as they can open sockets; with it, the
// request beyond the budget is refused at once (503, retry shortly) instead of buffered.

export const DEFAULT_PREAUTH_BUDGET_BYTES = 32 * 1024 * 1024;

/** What one request holds of the budget; release() gives it all back (safe to call twice). */
export interface BudgetHold {
  /** Takes n more bytes; false (taking nothing) when the budget has not got them. */
  take(n: number): boolean;
  release(): void;
}

export class ByteBudget {
  private used = 0;

  constructor(readonly capacityBytes: number = DEFAULT_PREAUTH_BUDGET_BYTES) {}

  /** Bytes held right now. */
  get inUse(): number {
    return this.used;
  }

  hold(): BudgetHold {
    let held = 0;
    return {
      take: (n) => {
        if (this.used + n > this.capacityBytes) return false;
        this.used += n;
        held += n;
        return true;
      },
      release: () => {
        this.used -= held;
        held = 0;
      },
    };
  }
}
