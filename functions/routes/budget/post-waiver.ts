import type { Hono } from 'hono';
import { WaiverRequest } from '../../../src/contract/budget';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../middleware/auth';
import { ApiError } from '../../problem';
import { optimizerOf } from '../../stubs';
import { parseBody } from '../../validation';
import { taskTypeParam, unknownTaskType } from '../task-types/schema';

/** `POST /v1/task-types/{taskType}/budget/waivers` (ops): extra tokens until `expiresAt`, recorded with actor and reason. */
export function registerBudgetWaiver(app: Hono<AppEnv>) {
  app.post('/v1/task-types/:taskType/budget/waivers', requireScope('ops'), async (c) => {
    const taskType = taskTypeParam(c.req.param('taskType'));
    const request = await parseBody(c, WaiverRequest);
    const nowMs = Date.now();
    const expiresAtMs = Date.parse(request.expiresAt);
    if (expiresAtMs <= nowMs) {
      throw new ApiError('unprocessable', 'A waiver must expire in the future.', [
        {
          path: '/expiresAt',
          message: 'must lie in the future',
          value: request.expiresAt,
          limit: new Date(nowMs).toISOString(),
        },
      ]);
    }
    const principal = c.get('principal');
    const waiver = {
      id: `waiver_${crypto.randomUUID()}`,
      tokens: request.tokens,
      reason: request.reason,
      actor: `${principal.name} (${principal.keyId})`,
      createdAtMs: nowMs,
      expiresAtMs,
    };
    const budget = await optimizerOf(c.env, taskType).addWaiver(waiver);
    if (!budget) throw unknownTaskType(taskType);
    return c.json(
      {
        waiver: {
          ...waiver,
          createdAt: new Date(nowMs).toISOString(),
          expiresAt: new Date(expiresAtMs).toISOString(),
        },
        budget,
      },
      201,
    );
  });
}
