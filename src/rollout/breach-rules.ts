/**
 * The breach rules of the treated cohort (DESIGN.md §5), each judged at an error level δ that
 * the guard hands out (slo-guard.ts), or only reported (δ = null) between two looks:
 *
 * | rule | breach when the one-sided bound says | bound |
 * | --- | --- | --- |
 * | latency-p99-relative | treated p99 > control p99 × latencyRatioMax | order statistics (treated lower, control upper, δ/2 each) |
 * | quality-relative | treated mean < control mean − qualityDropMax | Welch t on the difference |
 * | error-rate | treated error rate > slo.errorRateMax | Wilson, confirmed by the exact binomial tail |
 * | latency-p99-absolute | treated p99 > slo.latencyP99Ms | order statistic |
 * | quality-absolute | treated mean < slo.qualityMin | t |
 *
 * Verdicts: `breach` (the bound proves it), `inconclusive` (too few samples, or the point
 * estimate is past the threshold but the bound does not prove it yet), `ok` (the point
 * estimate is within the threshold). Whether a rule *can* test at δ depends on counts only,
 * never on the values, which keeps the look schedule legal (see alpha-spending.ts).
 */
import { binomialUpperTail, differenceUpperBound, meanUpperBound, wilsonLowerBound } from './bounds';
import { latencyLowerBound, latencyUpperBound, p99 } from './quantile-bounds';
import type { CohortStats } from './slo-window';

export const RULE_IDS = [
  'latency-p99-relative',
  'quality-relative',
  'error-rate',
  'latency-p99-absolute',
  'quality-absolute',
] as const;
export type RuleId = (typeof RULE_IDS)[number];
export type Metric = 'latencyP99Ms' | 'quality' | 'errorRate';
export type Verdict = 'breach' | 'ok' | 'inconclusive';

export interface BreachThresholds {
  latencyRatioMax: number;
  qualityDropMax: number;
  /** absolute SLO of the task type (`slo`), each optional */
  latencyP99Ms?: number | undefined;
  qualityMin?: number | undefined;
  errorRateMax?: number | undefined;
}

export interface MinSamples {
  treated: number;
  control: number;
}

export interface RuleJudgment {
  rule: RuleId;
  metric: Metric;
  verdict: Verdict;
  /** point estimates (null when a cohort has no data for this metric) */
  treated: number | null;
  control: number | null;
  /** the value the treated point estimate is compared with (e.g. control p99 × 1.10) */
  threshold: number | null;
  /** the one-sided bounds compared at this look (e.g. treated p99 lower bound, control p99 upper bound) */
  bounds: { treated?: number; control?: number; difference?: number } | null;
  n: { treated: number; control: number };
  /** error level of this look; null when the rule only reported */
  delta: number | null;
  /** true when a test ran at `delta` (the guard then records the look as spent) */
  looked: boolean;
  /** human-readable, for the status and the audit event */
  reason: string;
}

/** The rules that apply under these thresholds: the relative ones always, each absolute SLO when set. */
export function activeRules(thresholds: BreachThresholds): RuleId[] {
  return RULE_IDS.filter(
    (rule) =>
      (rule !== 'error-rate' || thresholds.errorRateMax !== undefined) &&
      (rule !== 'latency-p99-absolute' || thresholds.latencyP99Ms !== undefined) &&
      (rule !== 'quality-absolute' || thresholds.qualityMin !== undefined),
  );
}

const METRIC: Record<RuleId, Metric> = {
  'latency-p99-relative': 'latencyP99Ms',
  'quality-relative': 'quality',
  'error-rate': 'errorRate',
  'latency-p99-absolute': 'latencyP99Ms',
  'quality-absolute': 'quality',
};

const RELATIVE: Record<RuleId, boolean> = {
  'latency-p99-relative': true,
  'quality-relative': true,
  'error-rate': false,
  'latency-p99-absolute': false,
  'quality-absolute': false,
};

/** The sample size a rule works with in a cohort: the count of its metric. */
export function metricCount(rule: RuleId, stats: CohortStats): number {
  switch (METRIC[rule]) {
    case 'latencyP99Ms':
      return stats.latency.count;
    case 'quality':
      return stats.quality.n;
    case 'errorRate':
      return stats.calls;
  }
}

const fmt = (x: number | null): string =>
  x === null || Number.isNaN(x) ? 'n/a' : Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3);

/**
 * Judges one rule on the window's cohorts. `delta` null reports without testing (no look);
 * otherwise the rule tests at δ when the counts allow, and says so in `looked`.
 */
export function judgeRule(
  rule: RuleId,
  treated: CohortStats,
  control: CohortStats,
  thresholds: BreachThresholds,
  minSamples: MinSamples,
  delta: number | null,
): RuleJudgment {
  const n = { treated: metricCount(rule, treated), control: metricCount(rule, control) };
  const base = { rule, metric: METRIC[rule], n, bounds: null, delta: null, looked: false };
  const tooFew =
    n.treated < minSamples.treated
      ? `treated ${n.treated} < ${minSamples.treated}`
      : RELATIVE[rule] && n.control < minSamples.control
        ? `control ${n.control} < ${minSamples.control}`
        : null;
  const point = pointOf(rule, treated, control, thresholds);
  if (tooFew !== null)
    return { ...base, ...point, verdict: 'inconclusive', reason: `${rule}: too few samples (${tooFew})` };
  const over = point.treated !== null && point.threshold !== null && pastThreshold(rule, point);
  const tested = delta === null ? null : testRule(rule, treated, control, thresholds, delta);
  const looked = tested !== null;
  const common = { ...base, ...point, delta: looked ? delta : null, looked, bounds: tested?.bounds ?? null };
  const where = `treated ${fmt(point.treated)} vs threshold ${fmt(point.threshold)} (n ${n.treated}/${n.control})`;
  if (tested?.breach)
    return {
      ...common,
      verdict: 'breach',
      reason: `${rule}: breach, bound confirms at δ = ${delta}: ${where}`,
    };
  if (over)
    return {
      ...common,
      verdict: 'inconclusive',
      reason: `${rule}: past the threshold but not yet confirmed by the bound: ${where}`,
    };
  return { ...common, verdict: 'ok', reason: `${rule}: within: ${where}` };
}

interface Point {
  treated: number | null;
  control: number | null;
  threshold: number | null;
}

function pointOf(rule: RuleId, treated: CohortStats, control: CohortStats, t: BreachThresholds): Point {
  const meanOf = (s: CohortStats) => (s.quality.n > 0 ? s.quality.mean : null);
  const rateOf = (s: CohortStats) => (s.calls > 0 ? s.errors / s.calls : null);
  switch (rule) {
    case 'latency-p99-relative': {
      const c = p99(control);
      return { treated: p99(treated), control: c, threshold: c === null ? null : c * t.latencyRatioMax };
    }
    case 'quality-relative': {
      const c = meanOf(control);
      return { treated: meanOf(treated), control: c, threshold: c === null ? null : c - t.qualityDropMax };
    }
    case 'error-rate':
      return { treated: rateOf(treated), control: rateOf(control), threshold: t.errorRateMax ?? null };
    case 'latency-p99-absolute':
      return { treated: p99(treated), control: p99(control), threshold: t.latencyP99Ms ?? null };
    case 'quality-absolute':
      return { treated: meanOf(treated), control: meanOf(control), threshold: t.qualityMin ?? null };
  }
}

/** Quality rules breach downwards, the others upwards. */
function pastThreshold(rule: RuleId, point: Point): boolean {
  const lowerIsWorse = METRIC[rule] === 'quality';
  return lowerIsWorse ? point.treated! < point.threshold! : point.treated! > point.threshold!;
}

type Tested = { breach: boolean; bounds: NonNullable<RuleJudgment['bounds']> } | null;

/** The one-sided test at δ; null when the counts cannot support a test at this δ. */
function testRule(
  rule: RuleId,
  treated: CohortStats,
  control: CohortStats,
  t: BreachThresholds,
  delta: number,
): Tested {
  switch (rule) {
    case 'latency-p99-relative': {
      // Both one-sided bounds hold together with probability ≥ 1 − δ, whatever the distributions.
      const low = latencyLowerBound(treated, delta / 2);
      const high = latencyUpperBound(control, delta / 2);
      if (low === null || high === null) return null;
      return { breach: low > high * t.latencyRatioMax, bounds: { treated: low, control: high } };
    }
    case 'latency-p99-absolute': {
      const low = latencyLowerBound(treated, delta);
      if (low === null) return null;
      return { breach: low > t.latencyP99Ms!, bounds: { treated: low } };
    }
    case 'quality-relative': {
      if (treated.quality.n < 2 || control.quality.n < 2) return null;
      const high = differenceUpperBound(treated.quality, control.quality, delta);
      return { breach: high < -t.qualityDropMax, bounds: { difference: high } };
    }
    case 'quality-absolute': {
      if (treated.quality.n < 2) return null;
      const high = meanUpperBound(treated.quality, delta);
      return { breach: high < t.qualityMin!, bounds: { treated: high } };
    }
    case 'error-rate': {
      const max = t.errorRateMax!;
      const low = wilsonLowerBound(treated.errors, treated.calls, delta);
      // Wilson under-covers in the far tail at small counts (Brown, Cai & DasGupta 2001): at
      // n = 100, p = 1 %, z = 4.5 it rejects with 6 errors, which happen 6e-4 of the time, not
      // 3e-6. The exact binomial tail must agree before a breach counts.
      const exact = binomialUpperTail(treated.errors, treated.calls, max) <= delta;
      return { breach: low > max && exact, bounds: { treated: low } };
    }
  }
}
