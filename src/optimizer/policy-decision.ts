import type { ThompsonDraws } from '../bandit/thompson-draws';
import { type Rng, randomInt } from '../common/seeded-rng';
import type { Context } from '../contract/decision-log';
import { encodeContext } from '../features/encode';
import { createContextualPolicy } from '../policies';
import type { PolicyDecision } from '../policies/policy';
import type { PolicyState } from './policy-state';

/** Thompson Gaussian is context-free: its distribution is the share of the M cached draws each arm won. */
export function thompsonDecision(draws: ThompsonDraws): PolicyDecision {
  const m = draws.winners.length;
  const probabilities = draws.wins.map((w) => w / m);
  return { probabilities, pick: (rng) => draws.winners[randomInt(rng, m)]!, probabilityBest: probabilities };
}

export interface RequestPolicy {
  /** the policy's distribution for this request, and a sampler exact to it */
  decide: (rng: Rng) => PolicyDecision;
  /** the encoded context the linear policies learn from at outcome time; null for context-free kinds */
  x: Float64Array | null;
  /** context keys the config does not declare (ignored, and counted by the caller) */
  unknownKeys: string[];
}

/** How the task type's configured policy decides for one request's context. */
export function requestPolicy(
  state: PolicyState,
  draws: ThompsonDraws | null,
  context: Context,
): RequestPolicy {
  const { policy, features } = state.config;
  if (policy.kind === 'thompson-gaussian') {
    if (!draws) throw new Error('thompson-gaussian needs its posterior draws');
    const declared = new Set(features.map((f) => f.name));
    return {
      decide: () => thompsonDecision(draws),
      x: null,
      unknownKeys: Object.keys(context).filter((k) => !declared.has(k)),
    };
  }
  if (!state.linear) throw new Error(`${policy.kind} needs its linear state`);
  const linear = state.linear;
  const { x, unknownKeys } = encodeContext(features, context);
  const model = contextualPolicyOf(state);
  const eligible = state.config.arms.map(() => true);
  return { decide: (rng) => model.decide(linear, x, eligible, rng), x, unknownKeys };
}

export function contextualPolicyOf(state: PolicyState) {
  const { kind, alpha, lambda, draws, v, gamma } = state.config.policy;
  if (kind === 'thompson-gaussian') throw new Error('thompson-gaussian is not a contextual policy');
  return createContextualPolicy({ kind, alpha, lambda, draws, v, gamma });
}
