import { z } from 'zod';
import { Context } from './decision-log';
import { OutcomeCostUsd } from './pricing';
import { ArmId } from './task-type';

/** At most this many offline outcomes a call (API.md "Warm start and groups"). */
export const MAX_WARM_START_OUTCOMES = 10_000;
/** The one route whose body may exceed the 1 MiB limit. */
export const WARM_START_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** One offline outcome: the arm, its context and what the call did (any part may be absent). */
export const WarmStartOutcome = z.strictObject({
  armId: ArmId,
  context: Context.default({}),
  quality: z.number().min(0).max(1).optional(),
  latencyMs: z.number().min(0).max(86_400_000).optional(),
  promptTokens: z.number().int().min(0).max(100_000_000).optional(),
  completionTokens: z.number().int().min(0).max(100_000_000).optional(),
  costUsd: OutcomeCostUsd,
  success: z.boolean().optional(),
});
export type WarmStartOutcome = z.infer<typeof WarmStartOutcome>;

/** `POST /v1/task-types/{taskType}/warm-start` */
export const WarmStartRequest = z
  .strictObject({
    /** names the batch: the same source again is a 409, so a retry never counts twice */
    source: z.string().min(1).max(200),
    /** how much each offline outcome counts against a live one, in (0, 1] */
    weight: z.number().gt(0).max(1).default(1),
    outcomes: z.array(WarmStartOutcome).min(1).max(MAX_WARM_START_OUTCOMES),
  })
  .meta({ id: 'WarmStartRequest' });
export type WarmStartRequest = z.infer<typeof WarmStartRequest>;

export const WarmStartResponse = z
  .object({
    applied: z.number().int(),
    /** outcomes applied per arm, counted whole (not weighted) */
    perArm: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'WarmStartResponse' });
export type WarmStartResponse = z.infer<typeof WarmStartResponse>;
