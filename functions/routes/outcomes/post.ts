import { z } from 'zod';
import {
  type Outcome,
  OutcomeBatchResponse,
  OutcomeBody,
  OutcomeResponse,
  type OutcomeResult,
} from '../../../src/contract/outcome';
import { taskTypeOfDecision } from '../../../src/optimizer/decision-id';
import type { Api } from '../../api';
import type { Env } from '../../env';
import { screenDecisionIds } from '../../forged-ids';
import { rateLimit } from '../../middleware/rate-limit';
import { access, apiRoute, json, jsonBody, problems } from '../../openapi/route-kit';
import { ApiError, ERROR_STATUS, problemBody } from '../../problem';
import { optimizerOf } from '../../stubs';

const route = apiRoute('post /v1/outcomes', access('agent', rateLimit), {
  tag: 'agents',
  summary: 'Record the outcome of one decision, or of up to 1000',
  description:
    'Fields may arrive in parts; each is set once. The same fields again are a duplicate (200); a ' +
    'different value is 409. An array answers 200 with a status per item; a schema violation ' +
    'anywhere in it is a 422 for the whole batch.',
  request: { body: jsonBody(OutcomeBody) },
  responses: {
    200: json(
      z.union([OutcomeResponse, OutcomeBatchResponse]),
      'Recorded (one object) or one result per item (an array).',
    ),
    ...problems(404, 409, 410, 429),
  },
});

/** `POST /v1/outcomes`: one outcome, or up to 1000, each routed by its decision id. */
export function registerOutcomes(app: Api) {
  app.openapi(route, async (c) => {
    // The whole batch was checked against the schema before anything is written (API.md).
    const body = c.req.valid('json');
    if (Array.isArray(body)) {
      const results = await recordAll(c.env, body);
      const requestId = c.get('requestId');
      return c.json({ results: results.map((r) => batchItem(r, requestId)) }, 200);
    }
    const [result] = await recordAll(c.env, [body]);
    const error = toError(result!);
    if (error) throw error;
    return c.json(success(result!), 200);
  });
}

/**
 * Sends each task type's outcomes to its Durable Object in one call; results in input order.
 * Ids this service did not issue are answered at the edge, so no object (and no storage) is
 * created for them.
 */
async function recordAll(env: Env, outcomes: Outcome[]): Promise<OutcomeResult[]> {
  const results: OutcomeResult[] = new Array(outcomes.length);
  const groups = new Map<string, number[]>();
  const screening = await screenDecisionIds(
    env,
    outcomes.map((o) => o.decisionId),
    Date.now(),
  );
  outcomes.forEach((o, i) => {
    const taskType = taskTypeOfDecision(o.decisionId);
    const verdict = screening[i];
    if (taskType === null || verdict !== 'issued') {
      results[i] = { decisionId: o.decisionId, status: verdict === 'expired' ? 'expired' : 'not_found' };
      return;
    }
    groups.set(taskType, [...(groups.get(taskType) ?? []), i]);
  });
  await Promise.all(
    [...groups].map(async ([taskType, indexes]) => {
      const replies = await optimizerOf(env, taskType).recordOutcomes(indexes.map((i) => outcomes[i]!));
      replies.forEach((r, k) => {
        results[indexes[k]!] = r;
      });
    }),
  );
  return results;
}

function success(r: OutcomeResult) {
  return {
    decisionId: r.decisionId,
    recorded: true as const,
    ...(r.status === 'duplicate' ? { duplicate: true as const } : {}),
    ...(r.reward === undefined ? {} : { reward: r.reward }),
  };
}

function toError(r: OutcomeResult): ApiError | null {
  switch (r.status) {
    case 'recorded':
    case 'duplicate':
      return null;
    case 'not_found':
      return new ApiError(
        'not_found',
        `No decision '${r.decisionId.slice(0, 120)}' was issued by this service.`,
      );
    case 'expired':
      return new ApiError(
        'gone',
        `Decision '${r.decisionId}' has expired; its outcome is counted as missing.`,
      );
    case 'conflict': {
      const { field, existing, received } = r.conflict!;
      return new ApiError(
        'conflict',
        `'${field}' was already recorded as ${JSON.stringify(existing)}; fields are set once.`,
        [
          {
            path: `/${field}`,
            message: 'already recorded with a different value',
            value: received,
            limit: existing,
          },
        ],
      );
    }
  }
}

function batchItem(r: OutcomeResult, requestId: string) {
  const error = toError(r);
  if (!error) return { ...success(r), status: 200 };
  return {
    decisionId: r.decisionId,
    status: ERROR_STATUS[error.code],
    recorded: false,
    problem: problemBody(error.code, error.detail, requestId, error.errors),
  };
}
