import type { Rng } from '../common/seeded-rng';

/**
 * What a policy says for one request: its own distribution over arms (before the ε floor,
 * zero on ineligible arms, summing to 1) and a sampler that draws an arm with exactly
 * those probabilities. Exact, so that the logged propensity is the truth (DESIGN.md §3).
 */
export interface PolicyDecision {
  probabilities: number[];
  /** draws one arm index distributed exactly as `probabilities` */
  pick(rng: Rng): number;
  /** P(arm is best) where the policy can say (Thompson family: wins/M); else the probabilities */
  probabilityBest: number[];
}

/**
 * A contextual policy over K arms with d-dimensional encoded contexts. State is plain
 * JSON-able data made of mergeable statistics (so shards can add theirs) plus caches.
 */
export interface ContextualPolicy<State> {
  readonly kind: 'linucb' | 'linear-thompson';
  init(armCount: number, dimension: number): State;
  /** `x` is the encoded context (intercept included); `rng` feeds any posterior draws */
  decide(state: State, x: Float64Array, eligible: boolean[], rng: Rng): PolicyDecision;
  /** learns one reward for `armIndex` at context `x` (returns the new state) */
  update(state: State, armIndex: number, x: Float64Array, reward: number): State;
  /** exact merge of two states' statistics (caches rebuilt) */
  merge(a: State, b: State): State;
  /** per arm: θ̂ = A⁻¹b, the model's coefficients, for status and feature attribution */
  coefficients(state: State): number[][];
}
