import type { Served } from '../contract/decision-log';
import type { Outcome, OutcomeResult } from '../contract/outcome';
import type { RewardSettings } from '../contract/task-type';
import { computeReward } from '../reward';
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
}

export interface OutcomeStep {
  result: OutcomeResult;
  /** the decision after this part, when it changed */
  updated?: PendingDecision;
  /** the fields this part set for the first time */
  added?: RecordedOutcome;
  /** the reward this part completed: the posterior learns it once */
  newReward?: number;
}

/** Applies one outcome part to a pending decision (DESIGN.md §4: each field is set once). */
export function recordOutcome(
  decision: PendingDecision,
  incoming: Outcome,
  reward: RewardSettings,
  nowMs: number,
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

  const computed = decision.reward === null ? computeReward(merge.merged, reward) : null;
  const updated: PendingDecision = {
    ...decision,
    outcome: merge.merged,
    reward: decision.reward ?? computed,
  };
  return {
    result: withReward({ decisionId, status: 'recorded' }, updated.reward),
    updated,
    added: merge.added,
    ...(computed === null ? {} : { newReward: computed }),
  };
}

/**
 * Scores a decision whose judge never sent quality, once `rewardWaitMs` has passed,
 * with the configured default quality (DESIGN.md §4). Null when nothing is to be done.
 */
export function rewardAfterWait(
  decision: PendingDecision,
  reward: RewardSettings,
  nowMs: number,
): number | null {
  if (decision.reward !== null || reward.defaultQuality === null) return null;
  if (nowMs < decision.issuedAtMs + reward.rewardWaitMs) return null;
  if (decision.outcome.quality !== undefined) return null;
  // A decision with no outcome at all is missing (DESIGN.md §8), not a call of default quality.
  if (Object.keys(decision.outcome).length === 0) return null;
  return computeReward({ ...decision.outcome, quality: reward.defaultQuality }, reward);
}

function withReward(result: OutcomeResult, reward: number | null): OutcomeResult {
  return reward === null ? result : { ...result, reward };
}
