/**
 * The anytime guard's settings from a task type's config: the rollout's breach thresholds and
 * minimum samples, and the task type's absolute SLO (each optional). One mapping, used by the
 * Durable Object's steps and by the simulators, so both judge with the same numbers.
 */
import type { AnytimeGuardSettings } from './anytime-guard';
import type { RolloutSettings } from './config';

export interface AbsoluteSlo {
  latencyP99Ms?: number | undefined;
  qualityMin?: number | undefined;
  errorRateMax?: number | undefined;
}

export function anytimeSettingsOf(
  settings: Pick<RolloutSettings, 'breach' | 'minSamples'>,
  slo: AbsoluteSlo,
): AnytimeGuardSettings {
  return {
    alpha: settings.breach.alpha,
    qualityAlpha: settings.breach.qualityAlpha,
    latencyRatioMax: settings.breach.latencyRatioMax,
    qualityDropMax: settings.breach.qualityDropMax,
    errorRateDeltaMax: settings.breach.errorRateDeltaMax,
    minSamples: settings.minSamples,
    slo: { latencyP99Ms: slo.latencyP99Ms, qualityMin: slo.qualityMin, errorRateMax: slo.errorRateMax },
  };
}
