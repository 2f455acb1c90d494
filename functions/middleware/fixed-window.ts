/**
 * Counts events per identifier in fixed windows, in isolate memory, bounded in size: for
 * limits that must hold without Redis (failed authentication per client address). An
 * isolate forgets on eviction, which only ever loosens a limit, never blocks wrongly.
 */
export class FixedWindowCounter {
  private readonly windows = new Map<string, { startMs: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    /** identifiers remembered at most; the oldest are dropped first */
    readonly maxEntries = 10_000,
  ) {}

  /** Counts one event; the result says whether it was within the limit, as ratelimit-js does. */
  hit(identifier: string, nowMs: number): { success: boolean; remaining: number; resetMs: number } {
    let window = this.windows.get(identifier);
    if (!window || nowMs - window.startMs >= this.windowMs) {
      this.windows.delete(identifier);
      window = { startMs: nowMs, count: 0 };
      this.windows.set(identifier, window);
      if (this.windows.size > this.maxEntries) this.windows.delete(this.windows.keys().next().value!);
    }
    window.count += 1;
    return {
      success: window.count <= this.limit,
      remaining: Math.max(0, this.limit - window.count),
      resetMs: window.startMs + this.windowMs,
    };
  }

  /** Whether `identifier` has spent its limit in the current window, without counting. */
  isOver(identifier: string, nowMs: number): { over: boolean; resetMs: number } {
    const window = this.windows.get(identifier);
    if (!window || nowMs - window.startMs >= this.windowMs) return { over: false, resetMs: nowMs };
    return { over: window.count >= this.limit, resetMs: window.startMs + this.windowMs };
  }
}
