import { withExplorationFloor } from '../bandit/exploration';
import { ownValue } from '../common/own-key';
import { seededRng } from '../common/seeded-rng';
import type { Context } from '../contract/decision-log';
import { policyStatistics, requestPolicy } from '../optimizer/policy-decision';
import { byArmId, type PolicyState } from '../optimizer/policy-state';
import { thompsonDrawsFor } from '../optimizer/recommend';
import { servingPolicy } from '../policies';
import type { PolicyDecision } from '../policies/policy';
import { cachesPosteriorDraws, isContextual } from '../policies/registry';
import { gatedDistribution } from '../rollout/confidence-gate';
import type { TargetPolicy } from './target-policy';

/**
 * A task type's learned policy as a target for offline evaluation: what the service would
 * serve its policy cohort from `state` — the ε floor, then the confidence gate
 * (`rollout.minConfidence`) — for each used row's context. Arms are in config order. Seeded
 * per row from `seedName` (default: the name), so a report is reproducible, and the `ope` CLI
 * can seed a snapshot as the cron seeds the policy it froze.
 */
export function learnedTargetPolicy(
  name: string,
  state: PolicyState,
  contexts: readonly Context[],
  seedName = name,
): TargetPolicy {
  const served = (decision: PolicyDecision) => Float64Array.from(servedDistribution(state, decision));
  if (!isContextual(state.config.policy)) {
    // Context-free: one distribution for every row, from the draws the service serves (cached per revision).
    const draws = cachesPosteriorDraws(state.config) ? thompsonDrawsFor(state) : null;
    const row = served(requestPolicy(state, draws, {}).decide(seededRng(`evaluate|${seedName}`)));
    return { name, actionProbabilities: () => row };
  }
  return {
    name,
    actionProbabilities(i) {
      const context = contexts[i];
      if (!context) throw new RangeError(`${name}: no context for row ${i}`);
      return served(requestPolicy(state, null, context).decide(seededRng(`evaluate|${seedName}|${i}`)));
    },
  };
}

/**
 * π(·|x) of `state` as the service would serve its policy cohort, in arm order, from the encoded
 * context a decision stored (`encoded`, null for context-free kinds): the same distribution as
 * `learnedTargetPolicy`, for one row whose raw context is no longer at hand. Deterministic in
 * (state, x), so a fixed target for the promotion evidence. Null for a contextual kind without x.
 */
export function targetDistribution(state: PolicyState, encoded: readonly number[] | null): number[] | null {
  if (!isContextual(state.config.policy))
    return Array.from(learnedTargetPolicy('snapshot', state, []).actionProbabilities(0));
  if (encoded === null) return null;
  const statistics = policyStatistics(state);
  const eligible = state.config.arms.map(() => true);
  const policy = servingPolicy(state.config.policy);
  const decision = policy.decide(
    statistics,
    Float64Array.from(encoded),
    eligible,
    seededRng('evaluate|snapshot'),
  );
  return servedDistribution(state, decision);
}

function servedDistribution(state: PolicyState, decision: PolicyDecision): number[] {
  const { config } = state;
  const floored = withExplorationFloor(
    decision.probabilities,
    config.policy.epsilon,
    config.arms.map(() => true),
  );
  const gated = gatedDistribution(
    byArmId(config, floored),
    byArmId(config, decision.probabilityBest),
    config.baselineArmId,
    config.rollout.minConfidence,
  );
  return config.arms.map((a) => ownValue(gated, a.id) ?? 0);
}
