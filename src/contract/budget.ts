import { z } from 'zod';
import { BudgetState } from './recommend';

export const WaiverRequest = z.strictObject({
  /** extra tokens for today's budget */
  tokens: z.number().int().positive().max(1e12),
  reason: z.string().min(1).max(500),
  /** ISO-8601; must lie in the future */
  expiresAt: z.iso.datetime({ offset: true }),
});
export type WaiverRequest = z.infer<typeof WaiverRequest>;

/** Token budget use of the current UTC day (spend = prompt + completion tokens). */
export const BudgetUse = z.looseObject({
  /** UTC day, YYYY-MM-DD */
  day: z.string().optional(),
  state: BudgetState,
  dailyTokens: z.number().nullable(),
  waiverTokens: z.number().optional(),
  /** dailyTokens plus live waivers; null without a budget */
  limitTokens: z.number().nullable().optional(),
  spentTokens: z.number(),
  reservedTokens: z.number().optional(),
  remainingTokens: z.number().nullable().optional(),
});
export type BudgetUse = z.infer<typeof BudgetUse>;

/** `POST /v1/task-types/{taskType}/budget/waivers` → 201: the waiver and the budget after it. */
export const BudgetWaiverResponse = z.looseObject({
  waiver: z.looseObject({
    id: z.string(),
    tokens: z.number(),
    reason: z.string(),
    actor: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
  }),
  budget: BudgetUse,
});
