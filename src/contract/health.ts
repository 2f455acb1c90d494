import { z } from 'zod';

/** `GET /health`: liveness and how far the decision log lags. Loose: the body may grow. */
export const Health = z.looseObject({
  status: z.literal('ok'),
  time: z.string(),
  postgres: z.string(),
  rateLimiting: z.string(),
  outbox: z.looseObject({
    pending: z.number().int(),
    oldestAgeMs: z.number().nullable(),
    failing: z.array(z.string()),
  }),
});
