import { describe, expect, it } from 'vitest';
import { type Rng, seededRng } from '../../../src/common/seeded-rng';
import { estimateSavings, type SavingsOptions, type SavingsRow } from '../../../src/evaluation/savings';

/** A world where every arm's outcome is known for every request, so the counterfactual is exact. */
interface FullRow {
  promptTokens: number;
  outcomes: Record<'base' | 'cheap', { quality: number; costUsd: number; reward: number }>;
}

const PRICE = { base: { in: 10, out: 30 }, cheap: { in: 0.6, out: 0.6 } };

function world(rng: Rng, n: number): FullRow[] {
  return Array.from({ length: n }, () => {
    const promptTokens = 40 + Math.floor(rng() * 200);
    const outcome = (arm: 'base' | 'cheap', accuracy: number) => {
      const quality = rng() < accuracy ? 1 : 0;
      const costUsd = (promptTokens * PRICE[arm].in + PRICE[arm].out) / 1e6;
      return { quality, costUsd, reward: quality - costUsd / 0.01 };
    };
    return { promptTokens, outcomes: { base: outcome('base', 0.8), cheap: outcome('cheap', 0.65) } };
  });
}

/** A behaviour policy that serves the baseline with a probability that depends on the request. */
function logOf(rows: FullRow[], rng: Rng): SavingsRow[] {
  return rows.map((r) => {
    const pBase = r.promptTokens > 150 ? 0.1 : 0.6;
    const armId = rng() < pBase ? 'base' : 'cheap';
    const o = r.outcomes[armId];
    return {
      armId,
      propensity: armId === 'base' ? pBase : 1 - pBase,
      reward: o.reward,
      quality: o.quality,
      costUsd: o.costUsd,
      promptTokens: r.promptTokens,
      completionTokens: 1,
    };
  });
}

const OPTIONS: SavingsOptions = {
  taskType: 'mmlu-anatomy',
  baselineArmId: 'base',
  since: '2026-12-01T00:00:00.000Z',
  until: '2026-12-02T00:00:00.000Z',
  phase: 'general',
  baselinePropensityFloor: 0.1,
  ranges: { costUsd: [0, 0.003], quality: [0, 1], reward: [-0.3, 1] },
  window: 'phase',
};

/** The brute-force counterfactual: every request's own baseline outcome, summed or averaged. */
function truth(rows: FullRow[]) {
  const n = rows.length;
  const costUsd = rows.reduce((s, r) => s + r.outcomes.base.costUsd, 0);
  const quality = rows.reduce((s, r) => s + r.outcomes.base.quality, 0) / n;
  const reward = rows.reduce((s, r) => s + r.outcomes.base.reward, 0) / n;
  return { costUsd, quality, reward };
}

describe('estimateSavings against the brute-force counterfactual', () => {
  it('covers the true baseline cost, quality and reward, and savings, in at least 95 % of logs', () => {
    let covered = { cost: 0, quality: 0, reward: 0, saved: 0 };
    const logs = 200;
    let costError = 0;
    for (let k = 0; k < logs; k++) {
      const rows = world(seededRng(`world:${k}`), 400);
      const log = logOf(rows, seededRng(`policy:${k}`));
      const report = estimateSavings(log, OPTIONS);
      const t = truth(rows);
      const servedCost = log.reduce((s, r) => s + r.costUsd!, 0);
      const inside = (e: { low: number; high: number } | null, x: number) =>
        e && e.low <= x && x <= e.high ? 1 : 0;
      covered = {
        cost: covered.cost + inside(report.baseline.costUsd, t.costUsd),
        quality: covered.quality + inside(report.baseline.quality, t.quality),
        reward: covered.reward + inside(report.baseline.reward, t.reward),
        saved: covered.saved + inside(report.savedUsd, t.costUsd - servedCost),
      };
      costError += report.baseline.costUsd!.value - t.costUsd;
    }
    expect(covered.cost / logs).toBeGreaterThanOrEqual(0.95);
    expect(covered.quality / logs).toBeGreaterThanOrEqual(0.95);
    expect(covered.reward / logs).toBeGreaterThanOrEqual(0.95);
    expect(covered.saved / logs).toBeGreaterThanOrEqual(0.95);
    // unbiased: the mean error over logs is a small fraction of the baseline's cost (~0.55 USD)
    expect(Math.abs(costError / logs)).toBeLessThan(0.005);
  });

  it('narrows as the log grows, and its point estimate approaches the truth', () => {
    const rows = world(seededRng('big'), 20_000);
    const log = logOf(rows, seededRng('big-policy'));
    const priced = { ...OPTIONS, baselinePrice: { inputUsdPerMTok: 10, outputUsdPerMTok: 30 } };
    const small = estimateSavings(log.slice(0, 1000), priced);
    const large = estimateSavings(log, priced);
    const width = (e: { low: number; high: number } | null) => e!.high - e!.low;
    expect(width(large.baseline.quality)).toBeLessThan(width(small.baseline.quality) / 2);
    expect(large.baseline.quality!.value).toBeCloseTo(truth(rows).quality, 1);
    // a price × tokens cost model leaves only the completion tokens uncertain: near-exact cost
    expect(large.baseline.costUsd!.value / truth(rows).costUsd).toBeCloseTo(1, 2);
  });

  it('reports the API.md shape with savedShare and qualityDelta = served − baseline', () => {
    const rows = world(seededRng('shape'), 2000);
    const log = logOf(rows, seededRng('shape-policy'));
    const r = estimateSavings(log, {
      ...OPTIONS,
      baselinePrice: { inputUsdPerMTok: 10, outputUsdPerMTok: 30 },
    });
    expect(Object.keys(r).sort()).toEqual(
      [
        'anytimeValid',
        'baseline',
        'baselineArmId',
        'method',
        'n',
        'qualityDelta',
        'savedShare',
        'savedUsd',
        'served',
        'since',
        'taskType',
        'until',
        'verdict',
      ].sort(),
    );
    expect(r.n).toBe(2000);
    expect(r.savedShare).toBeCloseTo(r.savedUsd!.value / r.baseline.costUsd!.value, 12);
    expect(r.qualityDelta!.value).toBeCloseTo(r.served.quality! - r.baseline.quality!.value, 12);
    expect(r.qualityDelta!.low).toBeCloseTo(r.served.quality! - r.baseline.quality!.high, 12);
    expect(r.anytimeValid).toBe(true);
    expect(r.verdict).toBeNull();
    expect(r.method).toContain('price × tokens');
  });
});

describe('estimateSavings when the log cannot support an estimate', () => {
  const log: SavingsRow[] = [
    { armId: 'base', propensity: 1, reward: 0.9, quality: 1, costUsd: 0.001 },
    { armId: 'base', propensity: 1, reward: -0.1, quality: 0, costUsd: 0.001 },
  ];

  it('says savings are 0 in shadow, the counterfactual being what was served', () => {
    const r = estimateSavings(log, { ...OPTIONS, phase: 'shadow' });
    expect(r.savedUsd).toEqual({ value: 0, low: 0, high: 0 });
    expect(r.savedShare).toBe(0);
    expect(r.baseline.costUsd).toEqual({ value: 0.002, low: 0.002, high: 0.002 });
    expect(r.qualityDelta).toEqual({ value: 0, low: 0, high: 0 });
    expect(r.verdict).toBeNull();
  });

  it('gives null estimates and a verdict when the baseline could not be served', () => {
    const cheap: SavingsRow[] = [{ armId: 'cheap', propensity: 1, reward: 0.5, quality: 1, costUsd: 0.0001 }];
    const r = estimateSavings(cheap, { ...OPTIONS, baselinePropensityFloor: 0 });
    expect(r.baseline).toEqual({ costUsd: null, quality: null, reward: null });
    expect(r.savedUsd).toBeNull();
    expect(r.verdict).toMatch(/baseline could not be served/);
    expect(r.served.costUsd).toBe(0.0001);
  });

  it('gives a verdict when the baseline was never served, and when nothing has a reward', () => {
    const cheap: SavingsRow[] = [
      { armId: 'cheap', propensity: 0.9, reward: 0.5, quality: 1, costUsd: 0.0001 },
    ];
    expect(estimateSavings(cheap, OPTIONS).verdict).toMatch(/never served/);
    const empty = estimateSavings([], OPTIONS);
    expect(empty.n).toBe(0);
    expect(empty.verdict).toMatch(/no decision/);
  });

  it('is not anytime-valid for a chosen window, for repeating units, or when values left their range', () => {
    const rows = logOf(world(seededRng('w'), 300), seededRng('w-policy'));
    expect(estimateSavings(rows, { ...OPTIONS, window: 'custom' }).anytimeValid).toBe(false);
    expect(estimateSavings(rows, { ...OPTIONS, unitsRepeat: true }).anytimeValid).toBe(false);
    const narrow = estimateSavings(rows, { ...OPTIONS, ranges: { ...OPTIONS.ranges, costUsd: [0, 0.001] } });
    expect(narrow.anytimeValid).toBe(false);
    expect(narrow.method).toMatch(/clipped/);
  });
});
