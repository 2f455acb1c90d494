import type { MeanInterval, UnitMeanSequence, UnitMeanSequenceFactory } from './savings-cs';

/** One logged decision with a known reward, in logging order. */
export interface SavingsRow {
  armId: string;
  /** b(a|x): the probability with which the served arm was served, in (0, 1] */
  propensity: number;
  reward: number;
  /** null when the outcome did not report it */
  quality: number | null;
  costUsd: number | null;
  /** the request's prompt size when reported: the same whatever arm serves it */
  promptTokens?: number | null;
  completionTokens?: number | null;
}

/** A figure's range, fixed before the window (from the config), e.g. quality [0, 1]. */
export type Range = readonly [number, number];

/**
 * A running doubly robust estimate of one figure's mean under "every request served the
 * baseline". Row i contributes φᵢ = ŷᵢ + 1[aᵢ = baseline]/b(aᵢ|xᵢ) · (yᵢ − ŷᵢ), with ŷᵢ a
 * prediction made from the rows before it and the row's own context (here: the mean of the
 * earlier baseline rows, or the known price × tokens for cost), so E[φᵢ | past, xᵢ] is the
 * baseline's mean whatever ŷ is. With y and ŷ in [lo, hi] and b(baseline) ≥ floor, φᵢ lies in
 * [hi − (hi − lo)/floor, lo + (hi − lo)/floor]: mapped to [0, 1] there, a confidence sequence
 * for a [0, 1] mean bounds it.
 */
export class BaselineMeanEstimate {
  private readonly sequence: UnitMeanSequence;
  private readonly lower: number;
  private readonly width: number;
  private n = 0;
  private sum = 0;
  /** rows whose value fell outside the range (clipped; the bounds then no longer hold) */
  outOfRange = 0;

  constructor(
    private readonly range: Range,
    floor: number,
    makeSequence: UnitMeanSequenceFactory,
    alpha: number,
  ) {
    const [lo, hi] = range;
    if (!(hi > lo)) throw new RangeError(`BaselineMeanEstimate: empty range [${lo}, ${hi}]`);
    if (!(floor > 0 && floor <= 1))
      throw new RangeError(`BaselineMeanEstimate: floor must be in (0, 1], got ${floor}`);
    this.lower = hi - (hi - lo) / floor;
    this.width = (2 / floor - 1) * (hi - lo);
    this.sequence = makeSequence(alpha);
  }

  /**
   * Folds one row: `predicted` made without its outcome; `baseline` when the row served the
   * baseline: its propensity and the value observed.
   */
  fold(predicted: number, baseline: { propensity: number; observed: number } | null): void {
    const prediction = Math.min(this.range[1], Math.max(this.range[0], predicted));
    const phi =
      baseline === null
        ? prediction
        : prediction + (this.clip(baseline.observed) - prediction) / baseline.propensity;
    this.n += 1;
    this.sum += phi;
    this.sequence.fold(Math.min(1, Math.max(0, (phi - this.lower) / this.width)));
  }

  get count(): number {
    return this.n;
  }

  /** The point estimate and its interval at level α (null before any row). */
  interval(alpha: number): (MeanInterval & { value: number }) | null {
    if (this.n === 0) return null;
    const { low, high } = this.sequence.interval(alpha);
    const [lo, hi] = this.range;
    const value = this.sum / this.n;
    return {
      value,
      low: Math.max(lo, Math.min(value, this.lower + low * this.width)),
      high: Math.min(hi, Math.max(value, this.lower + high * this.width)),
    };
  }

  private clip(x: number): number {
    const [lo, hi] = this.range;
    if (x < lo || x > hi) {
      this.outOfRange += 1;
      return Math.min(hi, Math.max(lo, x));
    }
    return x;
  }
}

/** Mean of the earlier baseline rows' values: a prediction that only uses the past. */
export class RunningBaselineMean {
  private n = 0;
  private sum = 0;
  constructor(private readonly fallback: number) {}
  predict(): number {
    return this.n > 0 ? this.sum / this.n : this.fallback;
  }
  learn(x: number): void {
    this.n += 1;
    this.sum += x;
  }
}
