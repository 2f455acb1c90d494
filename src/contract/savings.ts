import { z } from 'zod';
import { Estimate } from './evaluation';

/** `GET …/savings?since&until`: the window defaults to the current phase. */
export const SavingsQuery = z.object({
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('ISO-8601, inclusive; default: the phase start'),
  until: z.iso.datetime({ offset: true }).optional().describe('ISO-8601, exclusive; default now'),
});

/** An off-policy estimate, or null when the log cannot support it (`verdict` says why). */
const EstimateOrNull = Estimate.nullable();

/** API.md "Savings": what was served against "every request served the baseline". */
export const SavingsReport = z
  .looseObject({
    taskType: z.string(),
    since: z.string(),
    until: z.string(),
    /** decisions in the window with a known reward */
    n: z.number().int(),
    baselineArmId: z.string(),
    /** what happened: cost summed, quality and reward averaged */
    served: z.object({ costUsd: z.number(), quality: z.number().nullable(), reward: z.number().nullable() }),
    /** the counterfactual, estimated off-policy */
    baseline: z.object({ costUsd: EstimateOrNull, quality: EstimateOrNull, reward: EstimateOrNull }),
    savedUsd: EstimateOrNull,
    savedShare: z.number().nullable(),
    /** served − baseline */
    qualityDelta: EstimateOrNull,
    method: z.string(),
    /** true for the default window: the intervals hold however often they are read */
    anytimeValid: z.boolean(),
    /** why the estimate fields are null; null when they are not */
    verdict: z.string().nullable(),
  })
  .meta({ id: 'SavingsReport' });
export type SavingsReport = z.infer<typeof SavingsReport>;
