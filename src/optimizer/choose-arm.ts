import { withExplorationFloor } from '../bandit/exploration';
import { type Rng, randomInt } from '../common/seeded-rng';
import type { PolicyDecision } from '../policies/policy';

export interface FlooredChoice {
  armIndex: number;
  /** π over all arms: (1−ε)·policy + ε·uniform over eligible arms */
  probabilities: number[];
}

/**
 * Draws an arm from π = (1−ε)·policy + ε·uniform with exact probability: with probability ε
 * uniformly among eligible arms, otherwise the policy's own pick. One rng() for the ε coin
 * first, so the same seed walks the same path.
 */
export function chooseWithFloor(
  rng: Rng,
  decision: PolicyDecision,
  epsilon: number,
  eligible: boolean[],
): FlooredChoice {
  const probabilities = withExplorationFloor(decision.probabilities, epsilon, eligible);
  const arms = eligible.flatMap((ok, i) => (ok ? [i] : []));
  const armIndex = rng() < epsilon ? arms[randomInt(rng, arms.length)]! : decision.pick(rng);
  return { armIndex, probabilities };
}
