/** A seeded two-cohort world and a rollout guarded after every outcome, for the simulation tests and bench. */
import { sampleGamma, sampleStandardNormal } from '../../../src/bandit/distributions';
import { sketchQuantile } from '../../../src/common/ddsketch';
import { type Rng, seededRng } from '../../../src/common/seeded-rng';
import type { RuleJudgment } from '../../../src/rollout/breach-rules';
import { checkGuard, type GuardSettings, INITIAL_GUARD } from '../../../src/rollout/slo-guard';
import { addOutcome, type Cohort, emptySloWindow, windowView } from '../../../src/rollout/slo-window';

export interface CohortWorld {
  /** lognormal latency: median (ms) and σ of the log */
  latencyMedianMs: number;
  latencySigma: number;
  /** quality ~ Beta(a, b) */
  qualityA: number;
  qualityB: number;
  errorRate: number;
}

export interface World {
  /** τ: probability an outcome is treated */
  share: number;
  treated: CohortWorld;
  control: CohortWorld;
}

export const BASE: CohortWorld = {
  latencyMedianMs: 200,
  latencySigma: 0.6,
  qualityA: 8,
  qualityB: 2,
  errorRate: 0.02,
};

/** True p99 of a lognormal cohort: median·e^(σ·2.3263) (Φ⁻¹(0.99) = 2.326348). */
export const trueP99 = (c: CohortWorld) => c.latencyMedianMs * Math.exp(c.latencySigma * 2.326347874040841);
export const trueQuality = (c: CohortWorld) => c.qualityA / (c.qualityA + c.qualityB);

function draw(rng: Rng, c: CohortWorld) {
  const x = sampleGamma(rng, c.qualityA);
  const y = sampleGamma(rng, c.qualityB);
  return {
    latencyMs: c.latencyMedianMs * Math.exp(c.latencySigma * sampleStandardNormal(rng)),
    quality: x / (x + y),
    success: rng() >= c.errorRate,
  };
}

export interface RunResult {
  /** the first breach, or null */
  breach: RuleJudgment | null;
  /** treated outcomes seen when the breach was declared (or at the end) */
  treated: number;
  outcomes: number;
  /** treated count at which the naive rule (sample p99_T > 1.1 × sample p99_C) first fired, or null */
  naiveAt: number | null;
  /** checks where both cohorts met the minimums, and how many of them the naive rule fired on */
  naiveChecks: { eligible: number; fired: number };
  segments: number;
}

/**
 * One rollout: `outcomes` outcomes `gapMs` apart, the guard checked after every one; stops at the
 * first breach, or once `maxTreated` treated outcomes were seen.
 */
export function runRollout(
  seed: string,
  world: World,
  settings: GuardSettings,
  opts: { outcomes: number; gapMs: number; maxTreated?: number },
): RunResult {
  const rng = seededRng(seed);
  let window = emptySloWindow({ windowMs: 900_000, bucketMs: 300_000, sketchAlpha: 0.01 });
  let guard = INITIAL_GUARD;
  let treated = 0;
  let naiveAt: number | null = null;
  const naiveChecks = { eligible: 0, fired: 0 };
  for (let i = 0; i < opts.outcomes; i++) {
    const nowMs = i * opts.gapMs;
    const cohort: Cohort = rng() < world.share ? 'treated' : 'control';
    if (cohort === 'treated') treated++;
    window = addOutcome(window, cohort, draw(rng, world[cohort]), nowMs);
    const view = windowView(window, nowMs);
    const checked = checkGuard(guard, view, settings);
    guard = checked.state;
    if (
      view.treated.latency.count >= settings.minSamples.treated &&
      view.control.latency.count >= settings.minSamples.control
    ) {
      naiveChecks.eligible++;
      if (sketchQuantile(view.treated.latency, 0.99) > 1.1 * sketchQuantile(view.control.latency, 0.99)) {
        naiveChecks.fired++;
        naiveAt ??= treated;
      }
    }
    if (checked.result.breach)
      return {
        breach: checked.result.breach,
        treated,
        outcomes: i + 1,
        naiveAt,
        naiveChecks,
        segments: guard.segment,
      };
    if (opts.maxTreated !== undefined && treated >= opts.maxTreated)
      return { breach: null, treated, outcomes: i + 1, naiveAt, naiveChecks, segments: guard.segment };
  }
  return { breach: null, treated, outcomes: opts.outcomes, naiveAt, naiveChecks, segments: guard.segment };
}

/** Median of finite numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

/** Every rule, the absolute SLOs exactly at the truth. */
export const ALL_RULES: GuardSettings = {
  thresholds: {
    latencyRatioMax: 1.1,
    qualityDropMax: 0.05,
    // Absolute SLOs exactly at the truth: the hardest null, right on its boundary.
    latencyP99Ms: trueP99(BASE),
    qualityMin: trueQuality(BASE),
    errorRateMax: BASE.errorRate,
  },
  minSamples: { treated: 20, control: 50 },
  alpha: 0.01,
  epochGrowth: 1.25,
};

/** Only the relative rules (and the error-rate SLO): detection must not lean on an absolute SLO. */
export const RELATIVE_RULES: GuardSettings = {
  ...ALL_RULES,
  thresholds: { latencyRatioMax: 1.1, qualityDropMax: 0.05, errorRateMax: BASE.errorRate },
};
