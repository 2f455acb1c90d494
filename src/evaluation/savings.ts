import type { ModelPrice } from '../contract/pricing';
import { tokenCostUsd } from '../cost/outcome-cost';
import { BaselineMeanEstimate, type Range, RunningBaselineMean, type SavingsRow } from './savings-baseline';
import { bettingSequence, fixedWindowSequence, type UnitMeanSequenceFactory } from './savings-cs';

export type { Range, SavingsRow } from './savings-baseline';

export interface Estimate {
  value: number;
  low: number;
  high: number;
}

/** API.md "Savings", exactly. */
export interface SavingsReport {
  taskType: string;
  since: string;
  until: string;
  n: number;
  baselineArmId: string;
  served: { costUsd: number; quality: number | null; reward: number | null };
  baseline: { costUsd: Estimate | null; quality: Estimate | null; reward: Estimate | null };
  savedUsd: Estimate | null;
  savedShare: number | null;
  qualityDelta: Estimate | null;
  method: string;
  anytimeValid: boolean;
  verdict: string | null;
}

export interface SavingsOptions {
  taskType: string;
  baselineArmId: string;
  since: string;
  until: string;
  phase: 'shadow' | 'canary' | 'general' | string;
  /**
   * A lower bound of b(baseline | x) on every row, known before the window: the exploration
   * floor's ε/K (times the phase's share in canary). 0 when some row could not have served the
   * baseline (kill switch, exhausted budget): then the counterfactual is not identified.
   */
  baselinePropensityFloor: number;
  /** each figure's range per call, fixed by the config before the window */
  ranges: { costUsd: Range; quality: Range; reward: Range };
  /** 'phase': the default window, read at any time (anytime-valid); 'custom': since/until chosen */
  window: 'phase' | 'custom';
  /** the baseline model's price: with prompt tokens it predicts the baseline's cost (doubly robust) */
  baselinePrice?: ModelPrice;
  /** true when unit ids repeat: the per-request sequences then do not hold (API.md "Randomization") */
  unitsRepeat?: boolean;
  /** 1 − confidence; default 0.05 */
  alpha?: number;
  /** the anytime-valid sequence to use (default: the betting CS of src/stats) */
  sequence?: UnitMeanSequenceFactory;
}

const exact = (value: number): Estimate => ({ value, low: value, high: value });

/**
 * What was served against the counterfactual "every request served the baseline" (API.md
 * "Savings"). Each baseline figure is estimated doubly robustly from the logged propensities
 * (see BaselineMeanEstimate); its interval is a confidence sequence, so it holds however often
 * the default window is read. savedUsd = baseline cost − served cost, qualityDelta = served −
 * baseline quality: the served side is what happened, so it carries no uncertainty of its own.
 */
export function estimateSavings(rows: readonly SavingsRow[], options: SavingsOptions): SavingsReport {
  const alpha = options.alpha ?? 0.05;
  const n = rows.length;
  const costRows = rows.filter((r) => r.costUsd !== null);
  const qualityRows = rows.filter((r) => r.quality !== null);
  const served = {
    costUsd: costRows.reduce((s, r) => s + r.costUsd!, 0),
    quality:
      qualityRows.length > 0 ? qualityRows.reduce((s, r) => s + r.quality!, 0) / qualityRows.length : null,
    reward: n > 0 ? rows.reduce((s, r) => s + r.reward, 0) / n : null,
  };
  const head = { taskType: options.taskType, since: options.since, until: options.until, n };
  const report = (
    rest: Omit<SavingsReport, 'taskType' | 'since' | 'until' | 'n' | 'baselineArmId' | 'served'>,
  ) => ({
    ...head,
    baselineArmId: options.baselineArmId,
    served,
    ...rest,
  });
  const unsupported = (verdict: string): SavingsReport =>
    report({
      baseline: { costUsd: null, quality: null, reward: null },
      savedUsd: null,
      savedShare: null,
      qualityDelta: null,
      method: 'none',
      anytimeValid: false,
      verdict,
    });

  if (
    options.phase === 'shadow' ||
    rows.every((r) => r.armId === options.baselineArmId && r.propensity === 1)
  ) {
    // Only the baseline was served: the counterfactual is what happened, and nothing was saved.
    if (n === 0) return unsupported('no decision in the window has a known reward yet');
    return report({
      baseline: {
        costUsd: exact(served.costUsd),
        quality: served.quality === null ? null : exact(served.quality),
        reward: exact(served.reward!),
      },
      savedUsd: exact(0),
      savedShare: served.costUsd > 0 ? 0 : null,
      qualityDelta: served.quality === null ? null : exact(0),
      method: 'every decision served the baseline: the counterfactual is what was served',
      anytimeValid: options.window === 'phase',
      verdict: null,
    });
  }
  if (n === 0) return unsupported('no decision in the window has a known reward yet');
  if (!(options.baselinePropensityFloor > 0)) {
    return unsupported(
      'the baseline could not be served on some decisions (probability 0): the log cannot say what it would have cost',
    );
  }
  if (!rows.some((r) => r.armId === options.baselineArmId)) {
    return unsupported('the baseline was never served in the window: nothing to estimate it from');
  }

  const sequence =
    options.window === 'phase' ? (options.sequence ?? bettingSequence) : () => fixedWindowSequence();
  const floor = options.baselinePropensityFloor;
  const estimate = (range: Range) => new BaselineMeanEstimate(range, floor, sequence, alpha);
  const cost = estimate(options.ranges.costUsd);
  const quality = estimate(options.ranges.quality);
  const reward = estimate(options.ranges.reward);
  const meanCost = new RunningBaselineMean(options.ranges.costUsd[0]);
  const meanCompletion = new RunningBaselineMean(0);
  const meanQuality = new RunningBaselineMean((options.ranges.quality[0] + options.ranges.quality[1]) / 2);
  const meanReward = new RunningBaselineMean((options.ranges.reward[0] + options.ranges.reward[1]) / 2);
  const price = options.baselinePrice;

  for (const row of rows) {
    const isBaseline = row.armId === options.baselineArmId;
    const seen = (observed: number | null) =>
      isBaseline && observed !== null ? { propensity: row.propensity, observed } : null;
    const costPrediction =
      price && row.promptTokens != null
        ? tokenCostUsd(price, row.promptTokens, meanCompletion.predict())
        : meanCost.predict();
    if (row.costUsd !== null) cost.fold(costPrediction, seen(row.costUsd));
    if (row.quality !== null) quality.fold(meanQuality.predict(), seen(row.quality));
    reward.fold(meanReward.predict(), seen(row.reward));
    if (isBaseline) {
      meanReward.learn(row.reward);
      if (row.quality !== null) meanQuality.learn(row.quality);
      if (row.costUsd !== null) meanCost.learn(row.costUsd);
      if (row.completionTokens != null) meanCompletion.learn(row.completionTokens);
    }
  }

  const costMean = cost.interval(alpha);
  const costSum = costMean && {
    value: costMean.value * cost.count,
    low: costMean.low * cost.count,
    high: costMean.high * cost.count,
  };
  const qualityMean = quality.interval(alpha);
  const clipped = cost.outOfRange + quality.outOfRange + reward.outOfRange;
  const anytimeValid = options.window === 'phase' && !options.unitsRepeat && clipped === 0;
  return report({
    baseline: { costUsd: costSum, quality: qualityMean, reward: reward.interval(alpha) },
    savedUsd: costSum && {
      value: costSum.value - served.costUsd,
      low: costSum.low - served.costUsd,
      high: costSum.high - served.costUsd,
    },
    savedShare: costSum && costSum.value > 0 ? (costSum.value - served.costUsd) / costSum.value : null,
    qualityDelta:
      qualityMean && served.quality !== null
        ? {
            value: served.quality - qualityMean.value,
            low: served.quality - qualityMean.high,
            high: served.quality - qualityMean.low,
          }
        : null,
    method: `doubly robust (${price ? 'price × tokens' : 'running mean'} cost model), ${
      options.window === 'phase'
        ? 'betting confidence sequence (Waudby-Smith & Ramdas)'
        : 'fixed-window normal interval'
    }, ${Math.round((1 - alpha) * 100)} %${clipped > 0 ? `; ${clipped} values outside the configured ranges were clipped` : ''}${
      options.unitsRepeat ? '; unit ids repeat, so the per-request intervals are not anytime-valid' : ''
    }`,
    anytimeValid,
    verdict: null,
  });
}
