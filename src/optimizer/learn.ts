import type { LinearState } from '../policies/linear-state';
import { addReward } from './arm-stats';
import { contextualPolicyOf } from './policy-decision';
import { armStats, type PolicyState } from './policy-state';
import type { PendingDecision } from './record-outcome';

/**
 * Adds a reward (and its value before the cost term) to the arm's posterior (and, for the linear policies, to A and b at the
 * decision's encoded context): a new revision, whose draws are computed on a later request.
 */
export function learnReward(
  state: PolicyState,
  pending: PendingDecision,
  reward: number,
  /** the same outcome's reward before its cost term (`costModel: 'priced'` learns it) */
  beforeCost?: number,
): PolicyState {
  const arms = {
    ...state.arms,
    [pending.armId]: addReward(armStats(state, pending.armId), reward, beforeCost),
  };
  const next = { ...state, revision: state.revision + 1, arms };
  const armIndex = state.config.arms.findIndex((a) => a.id === pending.armId);
  // A decision made under an older feature set (another dimension) cannot teach the new model.
  const encoded = pending.encoded;
  if (!state.linear || !encoded || encoded.length !== state.linear.dimension || armIndex < 0) return next;
  const x = Float64Array.from(encoded);
  const updated = contextualPolicyOf(state).update(state.linear, armIndex, x, reward);
  // Never keep a model that overflowed: it would answer every later request with NaN.
  return isFiniteModel(updated) ? { ...next, linear: updated } : next;
}

function isFiniteModel(linear: LinearState): boolean {
  return linear.arms.every(
    (arm) =>
      arm.a.every(Number.isFinite) && arm.b.every(Number.isFinite) && arm.aInverse.every(Number.isFinite),
  );
}
