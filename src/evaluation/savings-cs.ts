import { normalQuantile } from '../rollout/normal-quantile';
import { emptyMeanCs, foldMeanCs, meanBounds } from '../stats/betting-cs';

/**
 * Confidence sequences for the mean of [0, 1] values, behind a small interface so the savings
 * estimate can use the betting sequences of src/stats (the sound-decisions work: emptyMeanCs,
 * foldMeanCs, meanBounds) once they land, and a fixed-window interval for a chosen window.
 */

export interface MeanInterval {
  low: number;
  high: number;
}

/** A running interval for the mean of values in [0, 1], folded in logging order. */
export interface UnitMeanSequence {
  fold(x: number): void;
  /** two-sided bounds at level α, within [0, 1] */
  interval(alpha: number): MeanInterval;
}

export type UnitMeanSequenceFactory = (alpha: number) => UnitMeanSequence;

/** ψ_E(λ)/4 of Waudby-Smith & Ramdas (2024), the price of a bet λ ∈ [0, 1). */
const psiE = (lambda: number) => (-Math.log(1 - lambda) - lambda) / 4;

/**
 * The predictable plug-in empirical-Bernstein confidence sequence of Waudby-Smith & Ramdas
 * (JRSS-B 2024, Theorem 2): valid at every n at once, and as narrow as the values' running
 * variance allows (importance-weighted values are mostly 0, so this matters). Two-sided: α/2 a
 * side. The bets are tuned for `alpha`; asking other levels stays valid, just looser.
 */
export function empiricalBernsteinSequence(alpha: number): UnitMeanSequence {
  const maxBet = 0.5;
  const logTerm = Math.log(2 / alpha);
  let t = 0;
  let sumLambda = 0;
  let sumLambdaX = 0;
  let sumPenalty = 0;
  // running mean and variance with the WSR priors ½ and ¼
  let sum = 0;
  let squares = 0;
  return {
    fold(x: number) {
      if (!(x >= 0 && x <= 1))
        throw new RangeError(`empiricalBernsteinSequence: value must be in [0, 1], got ${x}`);
      t += 1;
      const meanBefore = (0.5 + sum) / t;
      const varianceBefore = (0.25 + squares) / t;
      const lambda = Math.min(maxBet, Math.sqrt((2 * logTerm) / (varianceBefore * t * Math.log(1 + t))));
      sumLambda += lambda;
      sumLambdaX += lambda * x;
      sumPenalty += 4 * (x - meanBefore) ** 2 * psiE(lambda);
      sum += x;
      const meanAfter = (0.5 + sum) / (t + 1);
      squares += (x - meanAfter) ** 2;
    },
    interval(level: number) {
      if (t === 0) return { low: 0, high: 1 };
      const centre = sumLambdaX / sumLambda;
      const half = (Math.log(2 / level) + sumPenalty) / sumLambda;
      return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
    },
  };
}

/**
 * A fixed-window interval (mean ± z·sd/√n, normal approximation): for a window chosen after the
 * fact with since/until, read once. Not valid under repeated looks; the report says so.
 */
export function fixedWindowSequence(): UnitMeanSequence {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  return {
    fold(x: number) {
      n += 1;
      const delta = x - mean;
      mean += delta / n;
      m2 += delta * (x - mean);
    },
    interval(alpha: number) {
      if (n < 2) return { low: 0, high: 1 };
      const half = normalQuantile(1 - alpha / 2) * Math.sqrt(m2 / (n - 1) / n);
      return { low: Math.max(0, mean - half), high: Math.min(1, mean + half) };
    },
  };
}

/**
 * The betting confidence sequence of src/stats (Waudby-Smith & Ramdas 2024, hedged capital
 * with predictable plug-in bets) behind the savings interface: the same sequence the anytime
 * guard and promotion gate use, so every anytime-valid figure of the service rests on one
 * implementation.
 */
export function bettingSequence(alpha: number): UnitMeanSequence {
  const state = emptyMeanCs({ designAlpha: alpha });
  return {
    fold: (x) => {
      foldMeanCs(state, x);
    },
    interval: (level) => {
      const { low, high } = meanBounds(state, level, [0, 1]);
      return { low, high };
    },
  };
}
