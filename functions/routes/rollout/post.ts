import { RolloutRequest, RolloutResponse } from '../../../src/contract/rollout';
import { actorOf } from '../../actor';
import type { Api } from '../../api';
import { access, apiRoute, json, jsonBody, problems } from '../../openapi/route-kit';
import { ApiError, unknownTaskType } from '../../problem';
import { optimizerOf } from '../../stubs';

const route = apiRoute('post /v1/task-types/{taskType}/rollout', access('ops'), {
  tag: 'rollout',
  summary: 'Advance, roll back, pause or resume the rollout',
  request: { body: jsonBody(RolloutRequest) },
  responses: { 200: json(RolloutResponse, 'The phase after the transition.'), ...problems(409) },
});

/** `POST /v1/task-types/{taskType}/rollout` (ops): advance, rollback, pause, resume; 409 names the phase. */
export function registerRollout(app: Api) {
  app.openapi(route, async (c) => {
    const { taskType } = c.req.valid('param');
    const { action, reason } = c.req.valid('json');
    const reply = await optimizerOf(c.env, taskType).rolloutAction(action, reason, actorOf(c));
    if (reply.ok === false) {
      if (reply.reason === 'not_found') throw unknownTaskType(taskType);
      throw new ApiError('conflict', `Cannot ${action} from phase '${reply.phase}': ${reply.message}.`, [
        { path: '/action', message: reply.message, value: action, limit: reply.phase },
      ]);
    }
    return c.json({ taskType, ...reply.rollout, event: reply.event }, 200);
  });
}
