/**
 * An anytime-valid lower bound of V(π) − V(baseline) from logged decisions with known
 * propensities (Waudby-Smith, Wu, Ramdas, Karampatziakis & Mineiro, "Anytime-valid off-policy
 * inference for contextual bandits", 2022): each row gives the unbiased importance-weighted
 * difference
 *   Δᵢ = (π(aᵢ|xᵢ) − 1[aᵢ = baseline]) · rᵢ / b(aᵢ|xᵢ),   E[Δᵢ | past] = V(π) − V(baseline),
 * and a betting confidence sequence on the Δᵢ bounds their mean from below at every number of
 * rows at once — so the promotion gate may read it every hour, or after every
 * row, and P(it ever claims a bound above the truth) ≤ α. Only the lower side is needed, and it
 * needs only a lower bound of Δᵢ known before the reward: with rewards scaled to [0, 1],
 * Δᵢ ≥ −1/b(baseline|xᵢ) ≥ −1/(1 − τ) at share τ < 1, and the target's mean is ≤ 1, so the bet's
 * scale is Bᵢ = 1 + 1/floorᵢ.
 *
 * Unlike betting-cs.ts this keeps the exact log-wealth Σ log(1 + λᵢ(Δᵢ − m)/Bᵢ) at a fixed grid
 * of candidate bounds m: importance weights reach 1/b (hundreds in canary), where Fan's
 * quadratic lower bound of the log is useless. The bets λᵢ (predictable plug-in, capped at ½)
 * do not depend on m, so the wealth falls as m rises and the largest rejected grid point is a
 * valid lower bound. O(grid) per row.
 *
 * The rows must be in the order they were logged (the propensities must be predictable), the
 * target policy fixed while it is evaluated (the phase's snapshot), and the randomization per
 * request; when units repeat, bet per unit instead (API.md, "Randomization").
 */
import { emptyMeanCs, foldMeanCs, type MeanCsState, meanOf, nextBet } from './betting-cs';

/** Candidate lower bounds (scaled reward units); −0.01 is the default promotion margin. */
export const DEFAULT_OFF_POLICY_GRID: readonly number[] = [
  -0.2, -0.1, -0.05, -0.03, -0.02, -0.01, -0.005, 0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2,
];

export interface OffPolicyCsState {
  /** running statistics of the Δᵢ: the plug-in bets and the point estimate */
  difference: MeanCsState;
  /** ascending candidate bounds m and the log-wealth of the bet against "mean ≤ m" at each */
  grid: number[];
  logWealth: number[];
  /** rows folded whose target put mass on arms the row could not have served (b = 0) */
  unsupportedRows: number;
}

export interface OffPolicyRow {
  /** the reward scaled to [0, 1] by a range fixed before the phase */
  reward: number;
  /** b(aᵢ|xᵢ), the logged propensity of the served arm, in (0, 1] */
  propensity: number;
  /** π(aᵢ|xᵢ), the evaluated policy's probability of the served arm */
  targetProbability: number;
  /** whether the served arm is the baseline */
  servedBaseline: boolean;
  /** a lower bound of b(baseline|xᵢ) known at decision time: 1 − τ for share τ < 1 */
  baselinePropensityFloor: number;
}

/**
 * `horizon`: the number of rows the bets are tuned for (default 20,000: a canary's six-hour
 * dwell at 1 req/s); the bound is valid at every n, tightest near it.
 */
export function emptyOffPolicyCs(
  designAlpha = 0.025,
  grid: readonly number[] = DEFAULT_OFF_POLICY_GRID,
  horizon = 20_000,
): OffPolicyCsState {
  const sorted = [...grid].sort((a, b) => a - b);
  if (sorted.some((m) => !(m > -1 && m < 1)))
    throw new RangeError('emptyOffPolicyCs: grid points must be in (−1, 1)');
  return {
    difference: emptyMeanCs({ designAlpha, horizon }),
    grid: sorted,
    logWealth: sorted.map(() => 0),
    unsupportedRows: 0,
  };
}

/** Folds one logged row (in logging order). Mutates and returns the state. */
export function foldOffPolicyRow(state: OffPolicyCsState, row: OffPolicyRow): OffPolicyCsState {
  if (!(row.reward >= 0 && row.reward <= 1))
    throw new RangeError(`foldOffPolicyRow: reward must be in [0, 1], got ${row.reward}`);
  if (!(row.propensity > 0 && row.propensity <= 1))
    throw new RangeError('foldOffPolicyRow: propensity must be in (0, 1]');
  if (!(row.baselinePropensityFloor > 0 && row.baselinePropensityFloor <= 1))
    throw new RangeError('foldOffPolicyRow: baselinePropensityFloor must be in (0, 1]');
  const delta = ((row.targetProbability - (row.servedBaseline ? 1 : 0)) * row.reward) / row.propensity;
  foldOffPolicyValue(state, delta, 1 + 1 / row.baselinePropensityFloor);
  // A row served with probability 1 could not have served any other arm: the target's mass
  // elsewhere is unsupported there (DESIGN §10, support per row).
  if (row.propensity >= 1 && row.targetProbability < 1) state.unsupportedRows += 1;
  return state;
}

/**
 * Folds one importance-weighted value x with x − m ≥ −scale for every grid point m (scale
 * known before x): the exact log-wealth at each grid point, then the running statistics.
 */
export function foldOffPolicyValue(state: OffPolicyCsState, x: number, scale: number): OffPolicyCsState {
  const lambda = nextBet(state.difference);
  for (let j = 0; j < state.grid.length; j++)
    state.logWealth[j]! += Math.log1p((lambda * (x - state.grid[j]!)) / scale);
  foldMeanCs(state.difference, x, scale);
  return state;
}

/** Lower bound of V(π) − V(baseline) in scaled reward units at level α, valid at every look. */
export function offPolicyLowerBound(state: OffPolicyCsState, alpha: number): number {
  const level = Math.log(1 / alpha);
  let bound = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < state.grid.length; j++) if (state.logWealth[j]! >= level) bound = state.grid[j]!;
  return bound;
}

/** The IPS point estimate of V(π) − V(baseline) (NaN before any row). */
export function offPolicyEstimate(state: OffPolicyCsState): number {
  return meanOf(state.difference);
}
