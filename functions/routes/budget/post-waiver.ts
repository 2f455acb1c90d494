import { BudgetWaiverResponse, WaiverRequest } from '../../../src/contract/budget';
import { actorOf } from '../../actor';
import type { Api } from '../../api';
import { access, apiRoute, json, jsonBody } from '../../openapi/route-kit';
import { ApiError } from '../../problem';
import { askKnownTaskType } from '../../stubs';

const route = apiRoute('post /v1/task-types/{taskType}/budget/waivers', access('ops'), {
  tag: 'rollout',
  summary: 'Grant extra tokens for the day',
  request: { body: jsonBody(WaiverRequest) },
  responses: { 201: json(BudgetWaiverResponse, 'The waiver and the budget after it.') },
});

/** `POST /v1/task-types/{taskType}/budget/waivers` (ops): extra tokens until `expiresAt`, recorded with actor and reason. */
export function registerBudgetWaiver(app: Api) {
  app.openapi(route, async (c) => {
    const { taskType } = c.req.valid('param');
    const request = c.req.valid('json');
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
    const waiver = {
      id: `waiver_${crypto.randomUUID()}`,
      tokens: request.tokens,
      reason: request.reason,
      actor: actorOf(c),
      createdAtMs: nowMs,
      expiresAtMs,
    };
    const budget = await askKnownTaskType(c.env, taskType, (optimizer) => optimizer.addWaiver(waiver));
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
