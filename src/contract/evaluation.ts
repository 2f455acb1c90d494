import { z } from 'zod';

/** A point estimate with its interval (evaluation reports and savings). */
export const Estimate = z.object({ value: z.number(), low: z.number(), high: z.number() });

/**
 * The anytime-valid lower bound of (phase-start snapshot − baseline) promotion reads (DESIGN §10):
 * an off-policy confidence sequence by betting over every rewarded decision of the phase.
 */
export const PromotionEvidenceView = z
  .looseObject({
    method: z.literal('betting-cs-ips'),
    anytimeValid: z.literal(true),
    /** the phase-start snapshot's version the evidence belongs to */
    policyVersion: z.string(),
    evaluatedAt: z.string(),
    /** decisions issued from here on are folded */
    since: z.string(),
    /** lower bound of V(snapshot) − V(baseline) in reward units; null until it proves one */
    lowerBound: z.number().nullable(),
    estimate: z.number().nullable(),
    rows: z.number().int(),
    /** one-sided level, valid at every look */
    alpha: z.number(),
    target: z.literal('phase-start snapshot'),
    /** [low, high] reward mapped onto [0, 1] before betting */
    rewardRange: z.array(z.number()),
    clippedRows: z.number().int(),
    unsupportedRows: z.number().int(),
    /** the treated cohort's rewarded decisions per arm (the cost gate's weights) */
    treatedArms: z.record(z.string(), z.number()),
  })
  .meta({ id: 'PromotionEvidence' });

/** One evaluation report: estimates per target policy, as the `ope` CLI prints them. */
export const EvaluationReport = z
  .looseObject({
    n: z.number().int(),
    missingRewards: z.number().int().optional(),
    arms: z.array(z.string()).optional(),
    rewardModel: z.string().optional(),
    /** absent when the window had no usable rows (n = 0) */
    policies: z
      .array(
        z.looseObject({
          policy: z.string(),
          estimates: z.record(z.string(), Estimate),
          diagnostics: z.looseObject({}).optional(),
        }),
      )
      .optional(),
    /** paired bootstrap intervals of (policy − baseline) */
    comparisons: z
      .array(
        z.looseObject({
          policy: z.string(),
          versus: z.string(),
          estimator: z.string(),
          difference: Estimate,
        }),
      )
      .optional(),
    /** the bootstrap lower bound of (phase-start snapshot − baseline): for display, promotion reads `promotionGate` */
    gateLowerBound: z.number().nullable().optional(),
    /** what promotion reads: the Durable Object's anytime-valid evidence when the report was made */
    promotionGate: PromotionEvidenceView.optional(),
  })
  .meta({ id: 'EvaluationReport' });
export type EvaluationReport = z.infer<typeof EvaluationReport>;

/** A stored evaluation: when, on which window, of which policy version, and the report. */
export const EvaluationRecord = z
  .looseObject({
    id: z.string(),
    taskType: z.string(),
    createdAt: z.string(),
    windowSince: z.string().optional(),
    windowUntil: z.string().optional(),
    /** "cron" or "manual" */
    trigger: z.string().optional(),
    configVersion: z.number().int().optional(),
    policyVersion: z.string().optional(),
    report: EvaluationReport,
  })
  .meta({ id: 'EvaluationRecord' });
export type EvaluationRecord = z.infer<typeof EvaluationRecord>;

export const EvaluationList = z.looseObject({ evaluations: z.array(EvaluationRecord) });

/** `GET …/evaluations?limit` */
export const EvaluationListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('1–100, default 20'),
});
