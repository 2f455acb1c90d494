import type { TaskTypeConfig } from '../contract/task-type';
import { priceOfArm } from '../cost/arm-price';
import { rewardSpan } from '../reward';
import type { SavingsOptions } from './savings';
import type { Range, SavingsRow } from './savings-baseline';

/** What the savings report needs of the task type besides its log. */
export interface SavingsContext {
  taskType: string;
  config: TaskTypeConfig;
  phase: string;
  since: string;
  until: string;
  window: 'phase' | 'custom';
  unitsRepeat: boolean;
}

/**
 * The estimator's settings for a task type. The baseline's propensity is at least ε/K on every
 * row whatever the phase's share (the floor serves every arm with ε/K, and the baseline cohort
 * only adds to the baseline), so ε/K bounds it before the window; ε = 0 leaves it unidentified.
 * Quality lies in [0, 1] by contract. Cost and reward have no bound the config fixes (latency
 * and tokens are unbounded), so their ranges are the config's own bounds widened to the
 * window's values: a value outside a fixed range would be clipped and void the guarantee.
 */
export function savingsOptions(ctx: SavingsContext, rows: readonly SavingsRow[]): SavingsOptions {
  const { config } = ctx;
  const price = priceOfArm(config, config.baselineArmId);
  return {
    taskType: ctx.taskType,
    baselineArmId: config.baselineArmId,
    since: ctx.since,
    until: ctx.until,
    phase: ctx.phase,
    baselinePropensityFloor: config.policy.epsilon / config.arms.length,
    ranges: {
      costUsd: spanOf(
        rows.map((r) => r.costUsd),
        [0, 0],
      ),
      quality: [0, 1],
      reward: spanOf(
        rows.map((r) => r.reward),
        rewardSpan(config.reward),
      ),
    },
    window: ctx.window,
    ...(price ? { baselinePrice: price } : {}),
    unitsRepeat: ctx.unitsRepeat,
  };
}

function spanOf(values: readonly (number | null)[], start: Range): Range {
  let [lo, hi] = start;
  for (const v of values) {
    if (v === null) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // A degenerate range (every value equal) still needs a width to map onto [0, 1].
  return hi > lo ? [lo, hi] : [lo, lo + 1e-9];
}
