import type { Phase, Served } from '../contract/decision-log';

/** How many recommendations one arm got, served by the policy or as the baseline. */
export interface RecommendationCount {
  armId: string;
  served: Served;
  count: number;
}

/**
 * What one task type's object pushes to the directory (on its alarm, after an outbox flush, and on
 * a config change) so that `/metrics` reads one place instead of asking every object per scrape.
 * Counters are the object's own running totals; they restart at 0 only with a new incarnation.
 */
export interface MetricsReport {
  taskType: string;
  /** Unix ms of the report */
  reportedAtMs: number;
  phase: Phase;
  recommendations: RecommendationCount[];
  outcomes: number;
  /** USD per arm since the object began (0 while outcomes carry no cost) */
  costUsdByArm: Record<string, number>;
  /** today's spend and reservations over today's limit; null without a budget */
  budgetUsedRatio: number | null;
}

/** The outbox side of a task type's figures (the directory already keeps it for /health). */
export interface OutboxLagReport {
  taskType: string;
  reportedAtMs: number;
  oldestAgeMs: number | null;
}

/** A budget status's used share of the limit, or null when there is no limit. */
export function budgetUsedRatio(budget: {
  limitTokens: number | null;
  spentTokens: number;
  reservedTokens: number;
}): number | null {
  if (budget.limitTokens === null || budget.limitTokens <= 0) return null;
  return (budget.spentTokens + budget.reservedTokens) / budget.limitTokens;
}

/**
 * Each arm's total cost from a status arm summary: the total when the status gives it, else its
 * mean cost times the outcomes that carried one, else 0 (before outcomes carry cost at all).
 */
export function armCostUsd(arm: Record<string, unknown>): number {
  const total = arm.costUsdTotal ?? arm.costUsd;
  if (typeof total === 'number' && Number.isFinite(total)) return total;
  const mean = arm.meanCostUsd;
  const n = typeof arm.costCount === 'number' ? arm.costCount : arm.rewards;
  if (typeof mean === 'number' && Number.isFinite(mean) && typeof n === 'number') return mean * n;
  return 0;
}
