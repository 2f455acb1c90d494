/**
 * The shapes offline evaluation works on. Rows are the logged decisions that have a reward
 * (DESIGN §7: rows without one are left out of every estimator); per-arm quantities are
 * row-major `n × K` matrices over `arms`, so row i, arm k sits at `i * K + k`.
 */

export interface LoggedRounds {
  /** Arm ids; column k of every matrix is `arms[k]`. */
  readonly arms: readonly string[];
  /** Rows used (each has a reward). */
  readonly n: number;
  /** Index into `arms` of the arm served on each row. */
  readonly action: Int32Array;
  /** Behaviour probability of the served arm, in (0, 1]. */
  readonly propensity: Float64Array;
  readonly reward: Float64Array;
}

/** `n × K` row-major values, e.g. π_e(a|x_i) or q̂(x_i, a). */
export type ArmMatrix = Float64Array;

/** One estimator on one target policy: the point estimate and what it averages. */
export interface EstimatorResult {
  /** mean of `contributions`; NaN when the estimator is undefined on this log */
  readonly value: number;
  /** ρ_i per row, computed on the full sample (what the bootstrap resamples, as in OBP) */
  readonly contributions: Float64Array;
}

export const ESTIMATOR_NAMES = ['ips', 'snips', 'dm', 'dr', 'sndr', 'switchDr'] as const;
export type EstimatorName = (typeof ESTIMATOR_NAMES)[number];

export interface Interval {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}
