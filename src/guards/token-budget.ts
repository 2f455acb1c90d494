/** A budget waiver granted by ops: extra tokens for today's budget until it expires. */
export interface Waiver {
  id: string;
  tokens: number;
  reason: string;
  actor: string;
  /** Unix ms */
  createdAtMs: number;
  /** Unix ms */
  expiresAtMs: number;
}

export type BudgetState = 'ok' | 'warning' | 'exhausted';

/** Spend of one UTC day (spend = prompt + completion tokens of settled outcomes). */
export interface BudgetLedger {
  /** `YYYY-MM-DD`, UTC */
  day: string;
  spentTokens: number;
  /** the day a warning (80 %) event was written, so it is written once */
  warnedDay: string | null;
  /** the day an exhausted event was written */
  exhaustedDay: string | null;
}

export const WARNING_SHARE = 0.8;

export function utcDay(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}

/** A new day starts from zero spend; reservations of the old day lapse with it. */
export function rollDay(ledger: BudgetLedger, nowMs: number): BudgetLedger {
  const day = utcDay(nowMs);
  return ledger.day === day ? ledger : { ...ledger, day, spentTokens: 0 };
}

export function emptyLedger(nowMs: number): BudgetLedger {
  return { day: utcDay(nowMs), spentTokens: 0, warnedDay: null, exhaustedDay: null };
}

/** Today's limit: the daily budget plus live waivers; null when the task type has no budget. */
export function budgetLimit(
  dailyTokens: number | undefined,
  waivers: Waiver[],
  nowMs: number,
): number | null {
  if (dailyTokens === undefined) return null;
  return dailyTokens + waivers.filter((w) => w.expiresAtMs > nowMs).reduce((sum, w) => sum + w.tokens, 0);
}

export interface BudgetStatus {
  day: string;
  state: BudgetState;
  dailyTokens: number | null;
  waiverTokens: number;
  limitTokens: number | null;
  spentTokens: number;
  reservedTokens: number;
  /** null without a budget */
  remainingTokens: number | null;
}

/** Where spend plus outstanding reservations stand against today's limit. */
export function budgetStatus(
  ledger: BudgetLedger,
  reservedTokens: number,
  dailyTokens: number | undefined,
  waivers: Waiver[],
  nowMs: number,
): BudgetStatus {
  const limit = budgetLimit(dailyTokens, waivers, nowMs);
  const used = ledger.spentTokens + reservedTokens;
  let state: BudgetState = 'ok';
  if (limit !== null && used >= limit) state = 'exhausted';
  else if (limit !== null && used >= WARNING_SHARE * limit) state = 'warning';
  return {
    day: ledger.day,
    state,
    dailyTokens: dailyTokens ?? null,
    waiverTokens: limit === null ? 0 : limit - (dailyTokens ?? 0),
    limitTokens: limit,
    spentTokens: ledger.spentTokens,
    reservedTokens,
    remainingTokens: limit === null ? null : Math.max(0, limit - used),
  };
}
