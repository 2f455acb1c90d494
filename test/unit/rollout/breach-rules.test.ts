import { describe, expect, it } from 'vitest';
import { activeRules, judgeRule } from '../../../src/rollout/breach-rules';
import { addToCohort, type CohortStats, emptyCohortStats } from '../../../src/rollout/slo-window';

const cohort = (latencies: number[], qualities: number[] = [], errors = 0, calls = 0): CohortStats => {
  let s = emptyCohortStats(0.01);
  for (const latencyMs of latencies) s = addToCohort(s, { latencyMs });
  for (const quality of qualities) s = addToCohort(s, { quality });
  return { ...s, calls, errors };
};
const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
const thresholds = { latencyRatioMax: 1.1, qualityDropMax: 0.05 };
const min = { treated: 20, control: 50 };

describe('breach rules', () => {
  it('apply the relative rules always and each absolute SLO only when configured', () => {
    expect(activeRules(thresholds)).toEqual(['latency-p99-relative', 'quality-relative']);
    expect(
      activeRules({ ...thresholds, errorRateMax: 0.01, latencyP99Ms: 500, qualityMin: 0.7 }),
    ).toHaveLength(5);
  });

  it('are inconclusive below the sample minimums, and say which', () => {
    const j = judgeRule(
      'latency-p99-relative',
      cohort([1, 2, 3]),
      cohort(range(100, (i) => i + 1)),
      thresholds,
      min,
      0.001,
    );
    expect(j).toMatchObject({ verdict: 'inconclusive', looked: false, n: { treated: 3, control: 100 } });
    expect(j.reason).toContain('too few samples (treated 3 < 20)');
  });

  it('call a gross p99 breach when the order-statistic bounds prove it', () => {
    const control = cohort(range(2000, (i) => 100 + (i % 100)));
    const treated = cohort(range(100, (i) => 1000 + i));
    const j = judgeRule('latency-p99-relative', treated, control, thresholds, min, 1e-4);
    expect(j).toMatchObject({ verdict: 'breach', metric: 'latencyP99Ms', looked: true, delta: 1e-4 });
    expect(j.bounds!.treated!).toBeGreaterThan(1.1 * j.bounds!.control!);
    expect(j.threshold).toBeCloseTo(1.1 * j.control!, 9);
  });

  it('hold as inconclusive when the point estimate is past the threshold but the bound is not', () => {
    const control = cohort(range(2000, (i) => 100 + (i % 100)));
    const treated = cohort(range(30, (i) => (i >= 28 ? 400 : 150))); // sample p99 400 > 1.1 × 198, on 2 values
    const j = judgeRule('latency-p99-relative', treated, control, thresholds, min, 1e-4);
    expect(j.verdict).toBe('inconclusive');
    expect(j.reason).toContain('not yet confirmed');
  });

  it('only report between looks: δ = null never breaches', () => {
    const control = cohort(range(2000, (i) => 100 + (i % 100)));
    const treated = cohort(range(100, (i) => 1000 + i));
    const j = judgeRule('latency-p99-relative', treated, control, thresholds, min, null);
    expect(j).toMatchObject({ verdict: 'inconclusive', looked: false, delta: null });
  });

  it('judge quality against control − 0.05 with the Welch bound', () => {
    const control = cohort(
      [],
      range(200, (i) => 0.8 + ((i % 5) - 2) * 0.02),
    );
    const treated = cohort(
      [],
      range(60, (i) => 0.6 + ((i % 5) - 2) * 0.02),
    );
    const j = judgeRule('quality-relative', treated, control, thresholds, min, 1e-4);
    expect(j).toMatchObject({ verdict: 'breach', metric: 'quality' });
    expect(j.threshold).toBeCloseTo(0.75, 9);
  });

  it('need the exact binomial tail as well as Wilson before an error-rate breach', () => {
    const t = { ...thresholds, errorRateMax: 0.02 };
    // 9 of 96 at δ = 1.8e-5: Wilson's lower bound is 0.026 > 0.02, but P(Bin(96, 0.02) ≥ 9) ≈ 1.7e-4 > δ.
    const weak = judgeRule('error-rate', cohort([]), cohort([]), t, min, null);
    expect(weak.verdict).toBe('inconclusive');
    const j = judgeRule('error-rate', { ...cohort([]), calls: 96, errors: 9 }, cohort([]), t, min, 1.8e-5);
    expect(j.bounds!.treated!).toBeGreaterThan(0.02);
    expect(j.verdict).toBe('inconclusive');
    const gross = judgeRule(
      'error-rate',
      { ...cohort([]), calls: 96, errors: 20 },
      cohort([]),
      t,
      min,
      1.8e-5,
    );
    expect(gross.verdict).toBe('breach');
  });
});
