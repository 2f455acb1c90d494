import { type Rng, randomInt } from '../common/seeded-rng';
import type { ThompsonDraws } from './thompson-draws';

/** How far a policy's probabilities may sum from 1 before we call it a bug. */
const SUM_TOLERANCE = 1e-9;

function eligibleArms(eligible: boolean[]): number[] {
  const arms: number[] = [];
  eligible.forEach((ok, i) => {
    if (ok) arms.push(i);
  });
  if (arms.length === 0) throw new RangeError('no eligible arm');
  return arms;
}

/**
 * π = (1−ε)·policy + ε·uniform over eligible arms; returns probabilities over all arms (0 for
 * ineligible). The ε share gives every eligible arm π ≥ ε/K: without support on every arm,
 * IPS cannot evaluate them offline. The policy must put no mass on ineligible arms.
 */
export function withExplorationFloor(policyProbs: number[], epsilon: number, eligible: boolean[]): number[] {
  if (!(epsilon >= 0 && epsilon <= 1)) throw new RangeError(`epsilon must be in [0, 1], got ${epsilon}`);
  if (policyProbs.length !== eligible.length) throw new RangeError('one policy probability per arm');
  const k = eligibleArms(eligible).length;
  let sum = 0;
  policyProbs.forEach((p, i) => {
    if (!(p >= 0)) throw new RangeError(`policy probability ${i} is ${p}`);
    if (p > 0 && !eligible[i]) throw new RangeError(`policy puts mass on ineligible arm ${i}`);
    sum += p;
  });
  if (Math.abs(sum - 1) > SUM_TOLERANCE) throw new RangeError(`policy probabilities sum to ${sum}, not 1`);
  return policyProbs.map((p, i) => (eligible[i] ? (1 - epsilon) * p + epsilon / k : 0));
}

export interface Choice {
  armIndex: number;
  /** in (0, 1]: the probability with which armIndex was chosen, for IPS */
  probability: number;
}

/**
 * Choose an arm with exact probability: with probability ε pick uniformly among eligible arms,
 * otherwise serve the winner of draw j, j uniform in [0, M). probability = π(armIndex) from
 * withExplorationFloor(wins/M, ...). Always consumes one rng() for the ε coin, then one randomInt.
 */
export function chooseArm(rng: Rng, draws: ThompsonDraws, epsilon: number, eligible: boolean[]): Choice {
  const m = draws.winners.length;
  if (m === 0) throw new RangeError('chooseArm: no draws');
  const policy = draws.wins.map((w) => w / m);
  const pi = withExplorationFloor(policy, epsilon, eligible);
  const arms = eligibleArms(eligible);
  const armIndex = rng() < epsilon ? arms[randomInt(rng, arms.length)]! : draws.winners[randomInt(rng, m)]!;
  return { armIndex, probability: pi[armIndex]! };
}
