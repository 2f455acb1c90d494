import { withExplorationFloor } from '../bandit/exploration';
import { ownValue } from '../common/own-key';
import { seededRng } from '../common/seeded-rng';
import type { Context } from '../contract/decision-log';
import { requestPolicy } from '../optimizer/policy-decision';
import { byArmId, type PolicyState } from '../optimizer/policy-state';
import { thompsonDrawsFor } from '../optimizer/recommend';
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
