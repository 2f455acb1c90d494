/**
 * The evidence of each anytime guard rule (anytime-guard.ts): whether its breach is proven at
 * the rule's α, and the point values and bounds the status and the audit event show.
 */
import { type MeanCsState, meanLowerBound, meanOf, meanUpperBound } from '../stats/betting-cs';
import { provesAbove, provesBelow } from '../stats/compare';
import { exceedsRate, provesQuantileAbove } from '../stats/latency-exceedance';
import { latencyQuantile } from '../stats/latency-histogram';
import type {
  AnytimeGuardSettings,
  AnytimeGuardState,
  AnytimeRuleId,
  AnytimeRuleResult,
  CohortAccumulator,
} from './anytime-guard';

/** Share of a relative rule's α spent on the treated side: the control is the large cohort. */
const TREATED_SHARE = 0.9;

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Whether the rule's breach is proven at α (no words, no point values: the per-outcome check). */
export function provenBreach(
  rule: AnytimeRuleId,
  state: AnytimeGuardState,
  settings: AnytimeGuardSettings,
  alpha: number,
): boolean {
  const { treated, control } = state;
  switch (rule) {
    case 'latency-p99-relative':
      return provesQuantileAbove(treated.latency, control.latency, 0.99, settings.latencyRatioMax, alpha)
        .proven;
    case 'latency-p99-absolute':
      return exceedsRate(treated.latency, settings.slo.latencyP99Ms!, 0.01, alpha).proven;
    case 'quality-relative':
      return provesBelow(treated.quality, control.quality, settings.qualityDropMax, alpha, TREATED_SHARE)
        .proven;
    case 'error-rate-relative':
      return provesAbove(treated.errors, control.errors, settings.errorRateDeltaMax, alpha, TREATED_SHARE)
        .proven;
    case 'quality-absolute':
      return meanUpperBound(treated.quality, alpha) < settings.slo.qualityMin!;
    case 'error-rate':
      return meanLowerBound(treated.errors, alpha) > settings.slo.errorRateMax!;
  }
}

export interface Evidence {
  proven: boolean;
  pastThreshold: boolean;
  values: Pick<AnytimeRuleResult, 'treated' | 'control' | 'threshold' | 'bounds'>;
}

export function evidenceOf(
  rule: AnytimeRuleId,
  state: AnytimeGuardState,
  settings: AnytimeGuardSettings,
  alpha: number,
): Evidence {
  const { treated, control } = state;
  const p99 = (c: CohortAccumulator) => finite(latencyQuantile(c.latency, 0.99));
  const mean = (s: MeanCsState) => finite(meanOf(s));
  switch (rule) {
    case 'latency-p99-relative': {
      const test = provesQuantileAbove(
        treated.latency,
        control.latency,
        0.99,
        settings.latencyRatioMax,
        alpha,
      );
      const t = p99(treated);
      const c = p99(control);
      const threshold = c === null ? null : c * settings.latencyRatioMax;
      return {
        proven: test.proven,
        pastThreshold: t !== null && threshold !== null && t > threshold,
        values: {
          treated: t,
          control: c,
          threshold,
          bounds: { treated: test.count / Math.max(1, test.n), control: finite(test.controlBound) },
        },
      };
    }
    case 'latency-p99-absolute': {
      const slo = settings.slo.latencyP99Ms!;
      const test = exceedsRate(treated.latency, slo, 0.01, alpha);
      const t = p99(treated);
      return {
        proven: test.proven,
        pastThreshold: t !== null && t > slo,
        values: {
          treated: t,
          control: p99(control),
          threshold: slo,
          bounds: { treated: test.count / Math.max(1, test.n), control: null },
        },
      };
    }
    case 'quality-relative':
    case 'error-rate-relative': {
      const quality = rule === 'quality-relative';
      const compared = quality
        ? provesBelow(treated.quality, control.quality, settings.qualityDropMax, alpha, TREATED_SHARE)
        : provesAbove(treated.errors, control.errors, settings.errorRateDeltaMax, alpha, TREATED_SHARE);
      const t = finite(compared.treated);
      const c = finite(compared.control);
      const threshold =
        c === null ? null : quality ? c - settings.qualityDropMax : c + settings.errorRateDeltaMax;
      const past = t !== null && threshold !== null && (quality ? t < threshold : t > threshold);
      return {
        proven: compared.proven,
        pastThreshold: past,
        values: {
          treated: t,
          control: c,
          threshold,
          bounds: { treated: finite(compared.treatedBound), control: finite(compared.controlBound) },
        },
      };
    }
    case 'quality-absolute': {
      const min = settings.slo.qualityMin!;
      const high = meanUpperBound(treated.quality, alpha);
      const t = mean(treated.quality);
      return {
        proven: high < min,
        pastThreshold: t !== null && t < min,
        values: {
          treated: t,
          control: mean(control.quality),
          threshold: min,
          bounds: { treated: finite(high), control: null },
        },
      };
    }
    case 'error-rate': {
      const max = settings.slo.errorRateMax!;
      const low = meanLowerBound(treated.errors, alpha);
      const t = mean(treated.errors);
      return {
        proven: low > max,
        pastThreshold: t !== null && t > max,
        values: {
          treated: t,
          control: mean(control.errors),
          threshold: max,
          bounds: { treated: finite(low), control: null },
        },
      };
    }
  }
}
