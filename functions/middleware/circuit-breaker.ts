/**
 * A circuit breaker in front of a dependency the hot path may skip (Redis for rate limits):
 * after `failureThreshold` failures in a row it opens, and calls are skipped at once for
 * `openMs` instead of each waiting for a timeout; then one probe may pass (half-open), and
 * its result closes or reopens it. Time is an argument, so the states are testable.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntilMs = 0;
  private probing = false;

  constructor(
    readonly failureThreshold = 3,
    /** how long an open breaker skips the dependency before one probe, ms */
    readonly openMs = 10_000,
  ) {}

  /** 'closed' lets every call through; 'open' none; 'half-open' one probe at a time. */
  state(nowMs: number): 'closed' | 'open' | 'half-open' {
    if (this.consecutiveFailures < this.failureThreshold) return 'closed';
    return nowMs < this.openUntilMs ? 'open' : 'half-open';
  }

  /** Whether a call may go to the dependency now; a true in half-open claims the probe. */
  allow(nowMs: number): boolean {
    const state = this.state(nowMs);
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  succeeded(): void {
    this.consecutiveFailures = 0;
    this.probing = false;
  }

  failed(nowMs: number): void {
    this.consecutiveFailures += 1;
    this.probing = false;
    if (this.consecutiveFailures >= this.failureThreshold) this.openUntilMs = nowMs + this.openMs;
  }
}
