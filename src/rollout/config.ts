import { z } from 'zod';

const HOUR_MS = 3_600_000;

/** What counts as a breach of the treated cohort, besides the absolute SLO of the task type's `slo`. */
export const BreachSettings = z.strictObject({
  /** breach when treated p99 > control p99 × this */
  latencyRatioMax: z.number().gt(1).default(1.1),
  /** breach when treated mean quality < control mean quality − this (absolute, quality ∈ [0, 1]) */
  qualityDropMax: z.number().gt(0).max(1).default(0.05),
  /**
   * the quality-relative rule's own level: P(false breach) ≤ this when treated quality sits
   * exactly qualityDropMax below the control (docs/rollout.md says why it is not α/R)
   */
  qualityAlpha: z.number().gt(0).max(0.2).default(0.08),
  /** breach when treated error rate > control error rate + this (absolute) */
  errorRateDeltaMax: z.number().gt(0).max(1).default(0.02),
  /** error budget of the phase over every rule but quality-relative: P(any false rollback) ≤ this */
  alpha: z.number().gt(0).max(0.2).default(0.01),
  /**
   * Accepted for stored configs of the first release and ignored: the anytime guard
   * (anytime-guard.ts) needs no looks, so there is no epoch to grow.
   */
  epochGrowth: z.number().gt(1).max(4).default(1.25),
});

export const PromotionSettings = z.strictObject({
  /** shadow → canary without an ops `advance` (later steps are always automatic) */
  automatic: z.boolean().default(false),
  /** promote when the lower bound of (policy − baseline) reward ≥ −margin */
  margin: z.number().min(0).default(0.01),
  /** promote when policy tokens-per-quality-point ≤ baseline × this */
  costRatioMax: z.number().gt(0).default(1.05),
});

/**
 * Rollout settings beyond `rollout.phase` and `rollout.guardedShare` of the task type config
 * (to be merged into `RolloutConfig`). Every field has a default; times in ms.
 */
export const RolloutSettings = z.strictObject({
  /** τ of the guarded phase, ≤ 0.5 (DESIGN.md §5) */
  guardedShare: z.number().gt(0).max(0.5).default(0.25),
  /** length of the SLO window */
  windowMs: z
    .number()
    .int()
    .min(1000)
    .default(15 * 60_000),
  /** the window moves by whole buckets; each move that drops data starts a new alpha segment */
  bucketMs: z
    .number()
    .int()
    .min(100)
    .default(5 * 60_000),
  /** relative accuracy of the latency sketch */
  sketchAlpha: z.number().gt(0).max(0.1).default(0.01),
  /** below these counts in the window a rule is inconclusive, and promotion waits */
  minSamples: z
    .strictObject({
      treated: z.number().int().min(2).default(20),
      control: z.number().int().min(2).default(50),
    })
    .default({ treated: 20, control: 50 }),
  /** time in a phase before automatic promotion; shadow applies only when promotion.automatic */
  dwellMs: z
    .strictObject({
      shadow: z.number().int().min(0).default(HOUR_MS),
      canary: z
        .number()
        .int()
        .min(0)
        .default(6 * HOUR_MS),
      guarded: z
        .number()
        .int()
        .min(0)
        .default(24 * HOUR_MS),
    })
    .default({ shadow: HOUR_MS, canary: 6 * HOUR_MS, guarded: 24 * HOUR_MS }),
  breach: BreachSettings.default(BreachSettings.parse({})),
  promotion: PromotionSettings.default(PromotionSettings.parse({})),
  /** on a breach: back to shadow (default) or one phase back; frozen until ops resume either way */
  onBreach: z.enum(['shadow', 'previous']).default('shadow'),
  /** serve the policy's choice only when its probability of being best ≥ this; 0 turns the gate off */
  minConfidence: z.number().min(0).max(1).default(0),
  /** Jensen–Shannon divergence (bits, in [0, 1]) of any feature above which the rollout freezes */
  driftThreshold: z.number().gt(0).max(1).default(0.1),
  /** values per feature in both windows before drift is judged (JS divergence is biased up in small samples) */
  driftMinSamples: z.number().int().min(1).default(500),
});
export type RolloutSettings = z.infer<typeof RolloutSettings>;
export type RolloutSettingsInput = z.input<typeof RolloutSettings>;

/** The defaults, for callers and tests that need a complete settings object. */
export const DEFAULT_ROLLOUT_SETTINGS: RolloutSettings = RolloutSettings.parse({});
