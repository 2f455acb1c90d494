/**
 * Token reservations of decisions still waiting for their outcome. At recommend the arm's
 * max tokens are reserved; the outcome settles them; unsettled ones lapse after the TTL.
 * Reservations expire in the order they were made (one TTL per task type), so a Map in
 * insertion order is a queue and lapsing is amortized O(1).
 */
export class ReservationQueue {
  private readonly entries = new Map<string, { tokens: number; expiresAtMs: number }>();
  private total = 0;

  add(decisionId: string, tokens: number, expiresAtMs: number): void {
    this.entries.set(decisionId, { tokens, expiresAtMs });
    this.total += tokens;
  }

  /** Removes a decision's reservation; returns the tokens it held (0 when none). */
  settle(decisionId: string): number {
    const entry = this.entries.get(decisionId);
    if (!entry) return 0;
    this.entries.delete(decisionId);
    this.total -= entry.tokens;
    return entry.tokens;
  }

  /** Drops reservations that expired at or before `nowMs`. */
  lapse(nowMs: number): void {
    for (const [id, entry] of this.entries) {
      if (entry.expiresAtMs > nowMs) break;
      this.entries.delete(id);
      this.total -= entry.tokens;
    }
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  reservedTokens(nowMs: number): number {
    this.lapse(nowMs);
    return this.total;
  }
}
