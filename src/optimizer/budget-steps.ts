import {
  type BudgetLedger,
  type BudgetStatus,
  budgetStatus,
  rollDay,
  type Waiver,
} from '../guards/token-budget';
import { WAIVER_EVENT } from '../storage/audit-events';
import { audit, type BudgetBook, type Effect, type Step, type TaskTypeState } from './task-type-state';

/** The budget as of `nowMs`: a new UTC day starts from zero spend, and yesterday's reservations lapse with it. */
export interface BudgetToday {
  book: BudgetBook;
  /** tokens held by live reservations today */
  reservedTokens: number;
  /** the effects of starting a new day (empty on the same day) */
  effects: Effect[];
}

export function budgetToday(book: BudgetBook, reservedTokens: number, nowMs: number): BudgetToday {
  const ledger = rollDay(book.ledger, nowMs);
  if (ledger === book.ledger) return { book, reservedTokens, effects: [] };
  return { book: { ...book, ledger }, reservedTokens: 0, effects: [{ kind: 'clear-reservations' }] };
}

export function statusOfBudget(
  today: BudgetToday,
  dailyTokens: number | undefined,
  nowMs: number,
  extraReserved = 0,
): BudgetStatus {
  const { ledger, waivers } = today.book;
  return budgetStatus(ledger, today.reservedTokens + extraReserved, dailyTokens, waivers, nowMs);
}

/**
 * Marks today's crossing into `state` in the ledger; `first` is true only the first time
 * a day, so the audit event for a warning or exhaustion is written once.
 */
export function firstTimeToday(
  ledger: BudgetLedger,
  state: 'warning' | 'exhausted',
): { ledger: BudgetLedger; first: boolean } {
  const field = state === 'warning' ? 'warnedDay' : 'exhaustedDay';
  if (ledger[field] === ledger.day) return { ledger, first: false };
  return { ledger: { ...ledger, [field]: ledger.day }, first: true };
}

/** Adds an outcome's spent tokens to today's spend (the reservation it replaces is settled). */
export function spend(book: BudgetBook, tokens: number): BudgetBook {
  return { ...book, ledger: { ...book.ledger, spentTokens: book.ledger.spentTokens + tokens } };
}

/** Grants a budget waiver (expired ones are dropped) and audits it. */
export function waiverStep(
  s: TaskTypeState,
  input: { waiver: Waiver; reservedTokens: number },
  nowMs: number,
): Step<BudgetStatus> {
  const { waiver } = input;
  const waivers = [...s.budget.waivers.filter((w) => w.expiresAtMs > waiver.createdAtMs), waiver];
  const today = budgetToday({ ...s.budget, waivers }, input.reservedTokens, nowMs);
  const status = statusOfBudget(today, s.policy.config.budget.dailyTokens, nowMs);
  const next = { ...s, budget: today.book };
  const details = { waiver, budget: status };
  const entry = audit(next, { kind: WAIVER_EVENT, actor: waiver.actor, reason: waiver.reason, details });
  return { reply: status, next, effects: [...today.effects, entry] };
}
