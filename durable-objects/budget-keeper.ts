import { ReservationQueue } from '../src/guards/reservations';
import {
  type BudgetLedger,
  type BudgetStatus,
  budgetStatus,
  emptyLedger,
  rollDay,
  type Waiver,
} from '../src/guards/token-budget';
import type { TaskTypeStore } from './task-type-store';

/**
 * A task type's token budget (DESIGN.md §6): today's spend, live reservations and waivers,
 * kept in memory and persisted through the store. Decides nothing itself: the pure
 * functions in src/guards do; this keeps their inputs and outputs.
 */
export class BudgetKeeper {
  private ledger: BudgetLedger;
  private waivers: Waiver[];
  private readonly reservations = new ReservationQueue();

  constructor(
    private readonly store: TaskTypeStore,
    nowMs: number,
  ) {
    this.ledger = store.getMeta<BudgetLedger>('budgetLedger') ?? emptyLedger(nowMs);
    this.waivers = store.getMeta<Waiver[]>('budgetWaivers') ?? [];
    for (const r of store.liveReservations(nowMs))
      this.reservations.add(r.decisionId, r.tokens, r.expiresAtMs);
  }

  status(dailyTokens: number | undefined, nowMs: number): BudgetStatus {
    this.rollDay(nowMs);
    return budgetStatus(
      this.ledger,
      this.reservations.reservedTokens(nowMs),
      dailyTokens,
      this.waivers,
      nowMs,
    );
  }

  reserve(decisionId: string, tokens: number, expiresAtMs: number): void {
    this.reservations.add(decisionId, tokens, expiresAtMs);
  }

  /** Replaces a decision's reservation with the tokens it actually spent. */
  settle(decisionId: string, spentTokens: number, nowMs: number): void {
    this.rollDay(nowMs);
    if (this.reservations.settle(decisionId) > 0) this.store.settleReservation(decisionId);
    this.ledger = { ...this.ledger, spentTokens: this.ledger.spentTokens + spentTokens };
    this.store.setMeta('budgetLedger', this.ledger);
  }

  addWaiver(waiver: Waiver): void {
    this.waivers = [...this.waivers.filter((w) => w.expiresAtMs > waiver.createdAtMs), waiver];
    this.store.setMeta('budgetWaivers', this.waivers);
  }

  /**
   * True the first time today's budget crosses into `state`; later calls the same day are
   * false, so the audit event for a warning or exhaustion is written once.
   */
  firstTimeToday(state: 'warning' | 'exhausted'): boolean {
    const field = state === 'warning' ? 'warnedDay' : 'exhaustedDay';
    if (this.ledger[field] === this.ledger.day) return false;
    this.ledger = { ...this.ledger, [field]: this.ledger.day };
    this.store.setMeta('budgetLedger', this.ledger);
    return true;
  }

  private rollDay(nowMs: number): void {
    const rolled = rollDay(this.ledger, nowMs);
    if (rolled === this.ledger) return;
    this.ledger = rolled;
    this.reservations.clear();
    this.store.clearReservations();
    this.store.setMeta('budgetLedger', this.ledger);
  }
}
