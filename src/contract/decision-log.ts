import { z } from 'zod';

/** A context value: what agents may send as a feature (API.md "Recommend"). */
export const ContextValue = z.union([z.number(), z.boolean(), z.string(), z.array(z.string())]);
export type ContextValue = z.infer<typeof ContextValue>;

export const Context = z.record(z.string(), ContextValue);
export type Context = z.infer<typeof Context>;

/** Which cohort a request fell in: the policy's share τ, or the baseline rest. */
export const Served = z.enum(['policy', 'baseline']);
export type Served = z.infer<typeof Served>;

export const Phase = z.enum(['shadow', 'canary', 'guarded', 'general']);
export type Phase = z.infer<typeof Phase>;

/**
 * One logged decision, one line of the JSON Lines export (API.md "Logged decisions").
 * The export endpoint writes it; the `ope` CLI reads it. Unknown fields are kept, so
 * newer writers do not break older readers.
 */
export const DecisionLogLine = z
  .looseObject({
    decisionId: z.string().min(1),
    taskType: z.string().min(1),
    /** ISO-8601 UTC */
    timestamp: z.string(),
    context: Context,
    armId: z.string().min(1),
    /** behaviour probability of serving `armId`, in (0, 1] */
    propensity: z.number().gt(0).lte(1),
    /** π(armId): the learned policy's own probability, in [0, 1] */
    policyPropensity: z.number().min(0).max(1).optional(),
    /** τ: the share of requests served the policy's choice, in [0, 1] */
    share: z.number().min(0).max(1).optional(),
    /** null while no reward is known */
    reward: z.number().nullable(),
    served: Served.optional(),
    phase: Phase.optional(),
    policyVersion: z.string().optional(),
    /** what the policy would have served when the baseline was served */
    shadow: z.object({ armId: z.string(), policyPropensity: z.number().min(0).max(1) }).optional(),
    /** the sticky unit the request named, or null (second release) */
    unitId: z.string().nullable().optional(),
    /** what keyed the choice: the unit, the request id, or fresh entropy (second release) */
    randomization: z.enum(['unit', 'request', 'fresh']).optional(),
    /** the call's cost in USD (API.md "Cost"); null until known */
    costUsd: z.number().nullable().optional(),
    /** which life of the task type issued it: 1, then +1 for each PUT after an archive (second release) */
    incarnation: z.number().int().min(1).optional(),
    /** q̂(x, a) per arm id, optional */
    expectedRewards: z.record(z.string(), z.number()).optional(),
  })
  .meta({ id: 'DecisionLogLine' });
export type DecisionLogLine = z.infer<typeof DecisionLogLine>;

/** What keyed a decision's randomization (API.md, second release: "Randomization and seed"). */
export type Randomization = 'unit' | 'request' | 'fresh';

/** `unitId` when given, else `requestId`, else fresh entropy. */
export function randomizationOf(
  unitId: string | null | undefined,
  requestId: string | null | undefined,
): Randomization {
  return unitId ? 'unit' : requestId ? 'request' : 'fresh';
}
