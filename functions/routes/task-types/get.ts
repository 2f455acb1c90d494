import type { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../middleware/auth';
import { directoryOf, optimizerOf } from '../../stubs';
import { taskTypeParam, unknownTaskType } from './schema';

/** `GET /v1/task-types/{taskType}` and `GET /v1/task-types`. */
export function registerGetTaskTypes(app: Hono<AppEnv>) {
  app.get('/v1/task-types/:taskType', requireScope('read'), async (c) => {
    const taskType = taskTypeParam(c.req.param('taskType'));
    const status = await optimizerOf(c.env, taskType).getStatus();
    if (!status) throw unknownTaskType(taskType);
    c.header('etag', `"${status.version}"`);
    return c.json(status);
  });

  app.get('/v1/task-types', requireScope('read'), async (c) => {
    const names = await directoryOf(c.env).list();
    const statuses = await Promise.all(names.map((name) => optimizerOf(c.env, name).getStatus()));
    const taskTypes = statuses.flatMap((s) =>
      s
        ? [
            {
              taskType: s.taskType,
              version: s.version,
              phase: s.phase,
              share: s.share,
              frozen: s.frozen,
              frozenReason: s.frozenReason,
              policyKind: s.config.policy.kind,
              baselineArmId: s.config.baselineArmId,
              arms: s.arms,
              outbox: s.outbox,
            },
          ]
        : [],
    );
    return c.json({ taskTypes });
  });
}
