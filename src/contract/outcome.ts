import { z } from 'zod';
import { OutcomeCostUsd } from './pricing';
import { Problem } from './problem';

export const OUTCOME_FIELDS = [
  'quality',
  'latencyMs',
  'promptTokens',
  'completionTokens',
  'success',
  'error',
  'costUsd',
] as const;
export type OutcomeField = (typeof OUTCOME_FIELDS)[number];

export const Outcome = z
  .object({
    decisionId: z.string().min(1).max(300),
    /** in [0, 1] */
    quality: z.number().min(0).max(1).optional(),
    latencyMs: z.number().min(0).max(86_400_000).optional(),
    promptTokens: z.number().int().min(0).max(100_000_000).optional(),
    completionTokens: z.number().int().min(0).max(100_000_000).optional(),
    success: z.boolean().optional(),
    /** what went wrong, when success is false */
    error: z.string().max(2000).optional(),
    /** what the call cost (USD), when the caller knows it; else priced from the tokens */
    costUsd: OutcomeCostUsd,
  })
  .refine((o) => OUTCOME_FIELDS.some((f) => o[f] !== undefined), {
    message: 'at least one outcome field besides decisionId is required',
  })
  .meta({ id: 'Outcome' });
export type Outcome = z.infer<typeof Outcome>;

export const OutcomeBatch = z.array(Outcome).min(1).max(1000);

/** `POST /v1/outcomes` takes one outcome or an array of up to 1000. */
export const OutcomeBody = z.union([Outcome, OutcomeBatch]);

/** `POST /v1/outcomes` with one object. */
export const OutcomeResponse = z
  .object({
    decisionId: z.string(),
    recorded: z.literal(true),
    duplicate: z.literal(true).optional(),
    /** once the reward is known */
    reward: z.number().optional(),
  })
  .meta({ id: 'OutcomeResponse' });
export type OutcomeResponse = z.infer<typeof OutcomeResponse>;

/** `POST /v1/outcomes` with an array: one result per input, in input order. */
export const OutcomeBatchResponse = z
  .object({
    results: z.array(
      z.object({
        decisionId: z.string(),
        status: z.number().int(),
        recorded: z.boolean(),
        duplicate: z.literal(true).optional(),
        reward: z.number().optional(),
        problem: Problem.optional(),
      }),
    ),
  })
  .meta({ id: 'OutcomeBatchResponse' });
export type OutcomeBatchResponse = z.infer<typeof OutcomeBatchResponse>;

/** What one outcome did; the route maps each status to an HTTP status. */
export type OutcomeStatus = 'recorded' | 'duplicate' | 'conflict' | 'not_found' | 'expired';

/** The value of one outcome field. */
export type OutcomeValue = string | number | boolean;

export interface OutcomeResult {
  decisionId: string;
  status: OutcomeStatus;
  reward?: number;
  /** for a conflict: the field whose value differs from the one already set */
  conflict?: { field: OutcomeField; existing: OutcomeValue; received: OutcomeValue };
}
