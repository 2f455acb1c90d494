/**
 * Promotion on anytime-valid evidence (DESIGN §10): the evaluation the gate reads is the lower
 * bound of (policy − baseline) from the off-policy confidence sequence accumulated over every
 * decision logged since the phase began (stats/off-policy-cs.ts), not a fixed-sample bootstrap
 * re-run every hour. Reading it every hour — or every minute — cannot inflate false promotions:
 * P(a policy worse than the margin is ever promoted) ≤ α over the whole phase.
 *
 * The rest of the gate (dwell, samples, guard, cost, staleness) is `promotionDecision`'s.
 */
import {
  type OffPolicyCsState,
  type OffPolicyRow,
  offPolicyEstimate,
  offPolicyLowerBound,
} from '../stats/off-policy-cs';
import { type PromotionDecision, type PromotionInput, promotionDecision } from './promotion';

/** One-sided level of the promotion bound: the old gate's 95 % two-sided bootstrap spent 2.5 % per side. */
export const PROMOTION_ALPHA = 0.025;

export interface AnytimeEvaluation {
  policyVersion: string;
  evaluatedAtMs: number;
  /** lower bound of (policy − baseline) in reward units; null before it proves anything */
  lowerBound: number | null;
  /** IPS point estimate in reward units */
  estimate: number | null;
  rows: number;
  method: 'betting-cs-ips';
  anytimeValid: true;
}

/**
 * The evaluation of the phase's policy snapshot from its off-policy CS. `rewardRange` is the
 * width the rewards were divided by to land in [0, 1]; bounds come back in reward units.
 */
export function anytimeEvaluation(
  state: OffPolicyCsState,
  policyVersion: string,
  evaluatedAtMs: number,
  rewardRange = 1,
  alpha = PROMOTION_ALPHA,
): AnytimeEvaluation {
  const low = offPolicyLowerBound(state, alpha);
  const estimate = offPolicyEstimate(state);
  return {
    policyVersion,
    evaluatedAtMs,
    lowerBound: Number.isFinite(low) ? low * rewardRange : null,
    estimate: Number.isFinite(estimate) ? estimate * rewardRange : null,
    rows: state.difference.n,
    method: 'betting-cs-ips',
    anytimeValid: true,
  };
}

/** The promotion decision fed by the anytime evaluation. */
export function anytimePromotionDecision(
  input: Omit<PromotionInput, 'evaluation'> & { evaluation: AnytimeEvaluation | null },
): PromotionDecision {
  return promotionDecision(input);
}

/** What a decision logged about how it was served: all known before its reward. */
export interface LoggedServing {
  /** b(a|x), the probability the served arm had under the behaviour run */
  propensity: number;
  /** τ, the phase's share when it was served */
  share: number;
  servedBaseline: boolean;
}

/**
 * The off-policy row of one rewarded decision for a target π fixed for the phase (the
 * phase-start snapshot): `targetProbability` is π(a|x) of the served arm. b and π are known
 * before the reward, so E[Δᵢ | past] = V(π) − V(baseline) and the bound holds at every look;
 * b(baseline) ≥ 1 − τ bounds Δᵢ below. Null for a row no bound can use: τ = 0 (only the
 * baseline could be served) or τ = 1 (no baseline cohort: general).
 *
 * `range` maps the reward onto [0, 1] (fixed before the phase); a reward outside it is clipped,
 * so the bound is then on the clipped reward, and `clipped` says so.
 */
export function promotionRow(
  logged: LoggedServing,
  targetProbability: number,
  reward: number,
  range: readonly [number, number],
): { row: OffPolicyRow; clipped: boolean } | null {
  if (!(logged.share > 0 && logged.share < 1) || !(logged.propensity > 0)) return null;
  if (!Number.isFinite(reward)) return null;
  const [lo, hi] = range;
  const scaled = (reward - lo) / (hi - lo);
  const clippedReward = Math.min(1, Math.max(0, scaled));
  return {
    row: {
      reward: clippedReward,
      propensity: Math.min(1, logged.propensity),
      targetProbability,
      servedBaseline: logged.servedBaseline,
      baselinePropensityFloor: 1 - logged.share,
    },
    clipped: clippedReward !== scaled,
  };
}
