import { z } from 'zod';

export const Estimate = z.object({ value: z.number(), low: z.number(), high: z.number() });

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
    /** what promotion reads: the lower bound of (phase-start snapshot − baseline) */
    gateLowerBound: z.number().nullable().optional(),
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
