import type { ThompsonDraws } from '../bandit/thompson-draws';
import type { Rng } from '../common/seeded-rng';
import { randomInt } from '../common/seeded-rng';
import type { PolicyKind } from '../contract/task-type';

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
 * The one interface of every policy kind, context-free ones included, over K arms and
 * d-dimensional encoded contexts (a context-free kind ignores x). State is plain JSON-able
 * data made of mergeable statistics (so shards can add theirs) plus caches.
 */
export interface Policy<State> {
  readonly kind: PolicyKind;
  /** the posterior draws behind one decision's propensities, as logged (0: none, deterministic but for ties) */
  readonly drawsPerDecision: number;
  init(armCount: number, dimension: number): State;
  /** `x` is the encoded context (intercept included); `rng` feeds any posterior draws */
  decide(state: State, x: Float64Array, eligible: boolean[], rng: Rng): PolicyDecision;
  /**
   * Context-free Thompson kinds only: the draws `decide` serves from. They do not depend on
   * the request, so the caller may compute them once per revision and serve every request
   * from them (`decisionFromDraws`): the propensities stay exact for those draws. `offsets[i]`
   * is subtracted from each of arm i's draws (a known cost, `costModel: 'priced'`).
   */
  posteriorDraws?(state: State, eligible: boolean[], rng: Rng, offsets?: readonly number[]): ThompsonDraws;
  /** learns one reward for `armIndex` at context `x` (returns the new state) */
  update(state: State, armIndex: number, x: Float64Array, reward: number): State;
  /** exact merge of two states' statistics (caches rebuilt) */
  merge(a: State, b: State): State;
  /** per arm, the model's coefficients (linear: θ̂ = A⁻¹b; context-free: the posterior mean) */
  coefficients(state: State): number[][];
}

/** Serving the winner of draw j, j uniform in [0, M), gives arm a exactly wins_a/M. */
export function decisionFromDraws(draws: ThompsonDraws): PolicyDecision {
  const m = draws.winners.length;
  const probabilities = draws.wins.map((w) => w / m);
  return { probabilities, pick: (rng) => draws.winners[randomInt(rng, m)]!, probabilityBest: probabilities };
}
