import type { Hono } from 'hono';
import { RolloutRequest } from '../../../src/contract/rollout';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../middleware/auth';
import { ApiError } from '../../problem';
import { optimizerOf } from '../../stubs';
import { parseBody } from '../../validation';
import { taskTypeParam, unknownTaskType } from '../task-types/schema';

/** `POST /v1/task-types/{taskType}/rollout` (ops): advance, rollback, pause, resume; 409 names the phase. */
export function registerRollout(app: Hono<AppEnv>) {
  app.post('/v1/task-types/:taskType/rollout', requireScope('ops'), async (c) => {
    const taskType = taskTypeParam(c.req.param('taskType'));
    const { action, reason } = await parseBody(c, RolloutRequest);
    const principal = c.get('principal');
    const reply = await optimizerOf(c.env, taskType).rolloutAction(
      action,
      reason,
      `${principal.name} (${principal.keyId})`,
    );
    if (reply.ok === false) {
      if (reply.reason === 'not_found') throw unknownTaskType(taskType);
      throw new ApiError('conflict', `Cannot ${action} from phase '${reply.phase}': ${reply.message}.`, [
        { path: '/action', message: reply.message, value: action, limit: reply.phase },
      ]);
    }
    return c.json({ taskType, ...reply.rollout, event: reply.event });
  });
}
