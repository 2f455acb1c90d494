import { z } from 'zod';
import { OutboxStatus } from './task-type-status';

/** `POST /v1/task-types/{taskType}/outbox/retry`: what was sent again, and the outbox after it. */
export const OutboxRetryResponse = z
  .looseObject({
    taskType: z.string(),
    /** set-aside decisions sent to Postgres again */
    retried: z.number().int().min(0),
    /** after the retry: `setAside` counts those Postgres still refuses */
    outbox: OutboxStatus,
  })
  .meta({ id: 'OutboxRetryResponse' });
