import { withExplorationFloor } from '../bandit/exploration';
import { seededRng } from '../bandit/prng';
import type { Context } from '../contract/decision-log';
import { requestPolicy, thompsonDecision } from '../optimizer/policy-decision';
import type { PolicyState } from '../optimizer/policy-state';
import { thompsonDrawsFor } from '../optimizer/recommend';
import type { TargetPolicy } from './target-policy';

/**
 * A task type's learned policy as a target for offline evaluation: π(a|x) exactly as the
 * service would serve it from `state` (ε floor included), for each used row's context.
 * Arms are in config order. Seeded per row, so a report is reproducible.
 */
export function learnedTargetPolicy(
  name: string,
  state: PolicyState,
  contexts: readonly Context[],
): TargetPolicy {
  const { epsilon } = state.config.policy;
  const eligible = state.config.arms.map(() => true);
  if (state.config.policy.kind === 'thompson-gaussian') {
    // Context-free: one distribution for every row, from the state's own seeded draws.
    const probabilities = withExplorationFloor(
      thompsonDecision(thompsonDrawsFor(state)).probabilities,
      epsilon,
      eligible,
    );
    const row = Float64Array.from(probabilities);
    return { name, actionProbabilities: () => row };
  }
  return {
    name,
    actionProbabilities(i) {
      const context = contexts[i];
      if (!context) throw new RangeError(`${name}: no context for row ${i}`);
      const decision = requestPolicy(state, null, context).decide(seededRng(`evaluate|${name}|${i}`));
      return Float64Array.from(withExplorationFloor(decision.probabilities, epsilon, eligible));
    },
  };
}
