import { RecommendRequest, RecommendResponse } from '../../../src/contract/recommend';
import type { Api } from '../../api';
import { killSwitchOn } from '../../kill-switch';
import { rateLimit } from '../../middleware/rate-limit';
import { access, apiRoute, json, jsonBody, problems } from '../../openapi/route-kit';
import { unknownTaskType } from '../../problem';
import { optimizerOf } from '../../stubs';

const route = apiRoute('post /v1/recommend', access('agent', rateLimit), {
  tag: 'agents',
  summary: 'Parameters for one LLM call',
  description:
    'The same `requestId` again (within the decision TTL) returns the same decision. `propensity` ' +
    'is the probability of this arm under the behaviour actually run.',
  request: { body: jsonBody(RecommendRequest) },
  responses: { 200: json(RecommendResponse, 'The decision.'), ...problems(404, 429) },
});

/** `POST /v1/recommend`: answered by the task type's Durable Object alone (never Postgres). */
export function registerRecommend(app: Api) {
  app.openapi(route, async (c) => {
    const request = c.req.valid('json');
    const reply = await optimizerOf(c.env, request.taskType).recommend(request, {
      killSwitch: await killSwitchOn(c.env),
    });
    if (!reply.ok) throw unknownTaskType(request.taskType);
    return c.json(reply.response, 200);
  });
}
