import { z } from 'zod';
import { Context, Phase, Served } from './decision-log';
import { ArmParams, PolicyKind, TaskTypeName } from './task-type';

export const RecommendRequest = z
  .object({
    taskType: TaskTypeName,
    context: Context.default({}),
    /** idempotency key: the same id (within the decision TTL) returns the same decision */
    requestId: z.string().min(1).max(200).optional(),
    /** sticky cohort unit: a user, session or conversation id */
    unitId: z.string().min(1).max(200).optional(),
    /** same seed + context + policy state ⇒ same choice */
    seed: z
      .number()
      .int()
      .min(-(2 ** 53))
      .max(2 ** 53)
      .optional(),
  })
  .meta({ id: 'RecommendRequest' });
export type RecommendRequest = z.infer<typeof RecommendRequest>;

export const BudgetState = z.enum(['ok', 'warning', 'exhausted']);

export const RecommendResponse = z
  .object({
    decisionId: z.string(),
    taskType: z.string(),
    armId: z.string(),
    params: ArmParams,
    /** behaviour probability of this arm, in (0, 1] */
    propensity: z.number(),
    /** π(arm): the policy's own probability */
    policyPropensity: z.number(),
    /** τ, the phase's share of requests served the policy's choice */
    share: z.number(),
    served: Served,
    phase: Phase,
    policyVersion: z.string(),
    policyInfo: z.object({ kind: PolicyKind, draws: z.number().int(), epsilon: z.number() }),
    shadow: z.object({ armId: z.string(), policyPropensity: z.number() }).optional(),
    budget: z.object({ state: BudgetState }),
  })
  .meta({ id: 'RecommendResponse' });
export type RecommendResponse = z.infer<typeof RecommendResponse>;
