import type { Served } from '../contract/decision-log';
import type { Outcome, OutcomeResult } from '../contract/outcome';
import type { ModelPrice } from '../contract/pricing';
import type { RewardSettings } from '../contract/task-type';
import { withoutCost } from '../cost/cost-term';
import { tokenCostUsd } from '../cost/outcome-cost';
import { readyReward, rewardAtWait } from '../reward';
import { mergeOutcome, type RecordedOutcome } from './merge-outcome';

/** What the Durable Object keeps of a decision while it waits for its outcome. */
export interface PendingDecision {
  decisionId: string;
  armId: string;
  issuedAtMs: number;
  expiresAtMs: number;
  outcome: RecordedOutcome;
  /** null until the reward is known */
  reward: number | null;
  /** the encoded context, for the linear policies' update; null for context-free kinds */
  encoded: number[] | null;
  /** the cohort: treated ('policy') or control ('baseline') for the SLO windows */
  served: Served;
  /** the config version it was served under */
  configVersion: number;
  /** b and τ as the response logged them (promotion's evidence); absent on older rows */
  logged?: { propensity: number; share: number };
}

export interface OutcomeStep {
  result: OutcomeResult;
  /** the decision after this part, when it changed */
  updated?: PendingDecision;
  /** the fields this part set for the first time */
  added?: RecordedOutcome;
  /** the reward this part completed: the posterior learns it once */
  newReward?: number;
  /** the same reward before its cost term, with `newReward` */
  newRewardBeforeCost?: number;
}

/** Applies one outcome part to a pending decision (DESIGN.md §4: each field is set once). */
export function recordOutcome(
  decision: PendingDecision,
  incoming: Outcome,
  reward: RewardSettings,
  nowMs: number,
  price?: ModelPrice,
): OutcomeStep {
  const decisionId = decision.decisionId;
  if (nowMs > decision.expiresAtMs) return { result: { decisionId, status: 'expired' } };
  const merge = mergeOutcome(decision.outcome, incoming);
  if (merge.kind === 'conflict') {
    const { field, existing, received } = merge;
    return { result: { decisionId, status: 'conflict', conflict: { field, existing, received } } };
  }
  if (merge.kind === 'duplicate')
    return { result: withReward({ decisionId, status: 'duplicate' }, decision.reward) };

  const { merged, added } = withPricedCost(merge.merged, merge.added, price);
  // API.md "Cost": the reward is computed once every part with a non-zero weight is known.
  const computed = decision.reward === null ? readyReward(merged, reward, price) : null;
  const updated: PendingDecision = {
    ...decision,
    outcome: merged,
    reward: decision.reward ?? computed,
  };
  return {
    result: withReward({ decisionId, status: 'recorded' }, updated.reward),
    updated,
    added,
    ...(computed === null
      ? {}
      : { newReward: computed, newRewardBeforeCost: readyReward(merged, withoutCost(reward), price)! }),
  };
}

/**
 * The cost priced from the tokens (API.md "Cost") once both counts are known and the caller
 * sent no `costUsd`: recorded as the outcome's `costUsd`, so the log, the export and the arm's
 * mean cost all carry the same figure. A caller's own `costUsd` always wins.
 */
function withPricedCost(
  merged: RecordedOutcome,
  added: RecordedOutcome,
  price: ModelPrice | undefined,
): { merged: RecordedOutcome; added: RecordedOutcome } {
  const { promptTokens, completionTokens } = merged;
  if (merged.costUsd !== undefined || price === undefined) return { merged, added };
  if (promptTokens === undefined || completionTokens === undefined) return { merged, added };
  const costUsd = tokenCostUsd(price, promptTokens, completionTokens);
  return { merged: { ...merged, costUsd }, added: { ...added, costUsd } };
}

/**
 * Scores a decision whose reward is still incomplete once `rewardWaitMs` has passed: each
 * missing part takes `reward.defaults` (`defaultQuality` as the quality alias); a part with
 * neither leaves it null. Null when nothing is to be done.
 */
export function rewardAfterWait(
  decision: PendingDecision,
  reward: RewardSettings,
  nowMs: number,
  price?: ModelPrice,
): { reward: number; beforeCost: number } | null {
  if (decision.reward !== null) return null;
  if (nowMs < decision.issuedAtMs + reward.rewardWaitMs) return null;
  // A decision with no outcome at all is missing (DESIGN.md §8): rewardAtWait says null.
  const scored = rewardAtWait(decision.outcome, reward, price);
  if (scored === null) return null;
  return { reward: scored, beforeCost: rewardAtWait(decision.outcome, withoutCost(reward), price)! };
}

function withReward(result: OutcomeResult, reward: number | null): OutcomeResult {
  return reward === null ? result : { ...result, reward };
}
