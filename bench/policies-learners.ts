/**
 * The policies the convergence benchmark compares, behind one small interface. Every learned
 * policy is served through the ε = 0.05 floor, as the service serves it.
 */
import { chooseArm } from '../src/bandit/exploration';
import { type Rng, randomInt } from '../src/common/seeded-rng';
import { type ContextInput, encodeContext } from '../src/features/encode';
import { createThompsonGaussian, type LinearState, type Policy } from '../src/policies';
import type { World } from './policies-worlds';
import { bestArm } from './policies-worlds';

export const EPSILON = 0.05;
const DRAWS = 1000;

export interface Learner {
  name: string;
  /** the arm served at this context */
  choose(context: ContextInput, rng: Rng): number;
  learn(context: ContextInput, arm: number, reward: number): void;
  /** the policy's most probable arm at this context (before the ε floor); undefined if it has none */
  top(context: ContextInput, rng: Rng): number | undefined;
}

function argmax(values: readonly number[]): number {
  return bestArm(values);
}

export function thompsonGaussian(world: World): Learner {
  const k = world.armLabels.length;
  const eligible = new Array<boolean>(k).fill(true);
  const policy = createThompsonGaussian({ draws: DRAWS });
  const noContext = new Float64Array(0);
  let state = policy.init(k, 0);
  const draws = (rng: Rng) => policy.posteriorDraws!(state, eligible, rng);
  return {
    name: 'Thompson Gaussian',
    choose: (_, rng) => chooseArm(rng, draws(rng), EPSILON, eligible).armIndex,
    learn(_, arm, reward) {
      state = policy.update(state, arm, noContext, reward);
    },
    top: (_, rng) => argmax(draws(rng).wins),
  };
}

export function linear(world: World, policy: Policy<LinearState>, name: string): Learner {
  const k = world.armLabels.length;
  const eligible = new Array<boolean>(k).fill(true);
  const encode = (context: ContextInput) => encodeContext(world.features, context).x;
  let state = policy.init(k, encode(world.probes[0]!).length);
  return {
    name,
    choose(context, rng) {
      const decision = policy.decide(state, encode(context), eligible, rng);
      // The ε floor exactly as chooseArm applies it: a coin, then uniform or the policy's pick.
      return rng() < EPSILON ? randomInt(rng, k) : decision.pick(rng);
    },
    learn(context, arm, reward) {
      state = policy.update(state, arm, encode(context), reward);
    },
    top: (context, rng) => argmax(policy.decide(state, encode(context), eligible, rng).probabilities),
  };
}

export function uniform(world: World): Learner {
  const k = world.armLabels.length;
  return { name: 'uniform', choose: (_, rng) => randomInt(rng, k), learn() {}, top: () => undefined };
}

export function oracle(world: World): Learner {
  const best = (context: ContextInput) => bestArm(world.means(context));
  return { name: 'oracle', choose: best, learn() {}, top: best };
}
