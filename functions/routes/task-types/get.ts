import { z } from 'zod';
import { ArchivedTaskTypeList, TaskTypeList, TaskTypeStatus } from '../../../src/contract/task-type-status';
import type { Api } from '../../api';
import { access, apiRoute, json } from '../../openapi/route-kit';
import { askPathTaskType, directoryOf, optimizerOf } from '../../stubs';

const getOne = apiRoute('get /v1/task-types/{taskType}', access('read'), {
  tag: 'task types',
  summary: 'A task type: config, phase, share, arm statistics, SLO health, budget use',
  responses: { 200: json(TaskTypeStatus, 'The status; `ETag` is the config version.') },
});

const list = apiRoute('get /v1/task-types', access('read'), {
  tag: 'task types',
  summary: 'List task types with phase, share and arm figures',
  request: {
    query: z.object({
      archived: z.enum(['true', 'false']).optional().describe('`true`: list archived task types instead'),
    }),
  },
  responses: {
    200: json(z.union([TaskTypeList, ArchivedTaskTypeList]), 'Every live (or archived) task type.'),
  },
});

/** `GET /v1/task-types/{taskType}` and `GET /v1/task-types`. */
export function registerGetTaskTypes(app: Api) {
  app.openapi(getOne, async (c) => {
    const { reply: status } = await askPathTaskType(c, (optimizer) => optimizer.getStatus());
    c.header('etag', `"${status.version}"`);
    return c.json(status, 200);
  });

  app.openapi(list, async (c) => {
    if (c.req.valid('query').archived === 'true') {
      const archived = await directoryOf(c.env).listArchived();
      const taskTypes = archived.map((a) => ({
        taskType: a.name,
        archived: true as const,
        archivedAt: new Date(a.archivedAtMs).toISOString(),
      }));
      return c.json({ taskTypes }, 200);
    }
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
    return c.json({ taskTypes }, 200);
  });
}
