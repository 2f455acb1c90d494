import { WarmStartRequest, WarmStartResponse } from '../../../src/contract/warm-start';
import { actorOf } from '../../actor';
import type { Api } from '../../api';
import { access, apiRoute, json, jsonBody, problems } from '../../openapi/route-kit';
import { ApiError } from '../../problem';
import { askKnownTaskType } from '../../stubs';

const route = apiRoute('post /v1/task-types/{taskType}/warm-start', access('ops'), {
  tag: 'task types',
  summary: 'Fold offline outcomes into the statistics',
  description:
    'At most 10,000 outcomes and 8 MiB a call; each counts `weight` ∈ (0, 1] times. An unknown arm ' +
    'or a schema break anywhere refuses the whole batch (422); the same `source` again is a 409. ' +
    'The outcomes never enter the decision log, the export or an off-policy estimate; the audit ' +
    'records source, weight and counts.',
  request: { body: jsonBody(WarmStartRequest) },
  responses: { 200: json(WarmStartResponse, 'Applied.'), ...problems(409) },
});

/** `POST /v1/task-types/{taskType}/warm-start` (ops, body up to 8 MiB: functions/app.ts). */
export function registerWarmStart(app: Api) {
  app.openapi(route, async (c) => {
    const { taskType } = c.req.valid('param');
    const request = { ...c.req.valid('json'), actor: actorOf(c) };
    const reply = await askKnownTaskType(c.env, taskType, (optimizer) => optimizer.warmStart(request));
    if (reply.ok) return c.json({ applied: reply.applied, perArm: reply.perArm }, 200);
    if (reply.reason === 'duplicate_source')
      throw new ApiError(
        'conflict',
        `Source '${reply.source}' was already applied; a retry never counts twice.`,
        [{ path: '/source', message: 'already applied', value: reply.source }],
      );
    throw new ApiError('unprocessable', `The batch was refused whole: ${reply.message}.`, [
      { path: reply.path, message: reply.message },
    ]);
  });
}
