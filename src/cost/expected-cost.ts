import type { ModelPrice } from '../contract/pricing';
import type { RewardConfig } from '../reward';
import { costTerm, expectedCostTerm } from './cost-term';

/** The running sums of one arm that its expected cost is read from (the optimizer's ArmStats). */
export interface ArmCostSums {
  costUsdSum?: number;
  costCount?: number;
  promptTokensSum?: number;
  promptTokensCount?: number;
  completionTokensSum?: number;
  completionTokensCount?: number;
}

const ratio = (sum: number, count: number) => (count > 0 ? sum / count : null);
const total = (arms: readonly ArmCostSums[], f: (a: ArmCostSums) => number | undefined) =>
  arms.reduce((s, a) => s + (f(a) ?? 0), 0);

/**
 * Per arm, the cost term (weights.cost · cost / costRefUsd) a request is expected to take off
 * its reward, for a policy that prices arms at decision time (`costModel: 'priced'`).
 * A priced arm: its price × the task type's mean prompt tokens (pooled over arms: the prompt
 * does not depend on the arm) and its own mean completion tokens (the arms' pooled mean until
 * it has one). An unpriced arm (outcomes carry `costUsd`): its own mean cost, else the arms'
 * pooled mean cost. Nothing known yet: 0. Every figure depends on the statistics only, so the
 * offsets are the same for every request of a revision and the cached draws stay exact; a
 * request that says its prompt size is priced at it, from draws of its own (still exact).
 */
export function expectedCostTerms(
  prices: readonly (ModelPrice | undefined)[],
  arms: readonly ArmCostSums[],
  config: RewardConfig,
  /** the request's own prompt size, when it says (`context.promptTokens`): priced instead of the mean */
  requestPromptTokens?: number,
): number[] {
  if (!((config.weights.cost ?? 0) !== 0)) return arms.map(() => 0);
  const prompt =
    requestPromptTokens ??
    ratio(
      total(arms, (a) => a.promptTokensSum),
      total(arms, (a) => a.promptTokensCount),
    ) ??
    0;
  const pooledCompletion =
    ratio(
      total(arms, (a) => a.completionTokensSum),
      total(arms, (a) => a.completionTokensCount),
    ) ?? 0;
  const pooledCost = ratio(
    total(arms, (a) => a.costUsdSum),
    total(arms, (a) => a.costCount),
  );
  return arms.map((arm, i) => {
    const price = prices[i];
    if (price !== undefined) {
      const completion =
        ratio(arm.completionTokensSum ?? 0, arm.completionTokensCount ?? 0) ?? pooledCompletion;
      return expectedCostTerm(price, prompt, completion, config);
    }
    return costTerm(ratio(arm.costUsdSum ?? 0, arm.costCount ?? 0) ?? pooledCost ?? 0, config);
  });
}
