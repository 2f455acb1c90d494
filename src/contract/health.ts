import { z } from 'zod';

/**
 * `GET /health`: without a key only up/degraded and the outbox lag (no task type names); an ops
 * key also sees the stack and which task types fail. Loose: the body may grow.
 */
export const Health = z.looseObject({
  status: z.enum(['ok', 'degraded']),
  outboxLagSeconds: z.number().int().min(0),
  time: z.string().optional(),
  postgres: z.string().optional(),
  rateLimiting: z.string().optional(),
  redisBreaker: z.enum(['closed', 'open', 'half-open']).nullable().optional(),
  outbox: z
    .looseObject({
      pending: z.number().int(),
      oldestAgeMs: z.number().nullable(),
      failing: z.array(z.string()),
      /** decisions Postgres refused, kept until resolved, over all task types */
      setAside: z.number().int().optional(),
    })
    .optional(),
});
