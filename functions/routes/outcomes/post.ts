import type { Hono } from 'hono';
import { Outcome, OutcomeBatch, type OutcomeResult } from '../../../src/contract/outcome';
import { taskTypeOfDecision } from '../../../src/optimizer/decision-id';
import type { AppEnv } from '../../app-env';
import type { Env } from '../../env';
import { requireScope } from '../../middleware/auth';
import { rateLimit } from '../../middleware/rate-limit';
import { ApiError, ERROR_STATUS, problemBody } from '../../problem';
import { optimizerOf } from '../../stubs';
import { parseWith, readJson } from '../../validation';

/** `POST /v1/outcomes`: one outcome, or up to 1000, each routed by its decision id. */
export function registerOutcomes(app: Hono<AppEnv>) {
  app.post('/v1/outcomes', requireScope('agent'), rateLimit, async (c) => {
    const body = await readJson(c);
    if (Array.isArray(body)) {
      // The whole batch is checked before anything is written (API.md).
      const batch = parseWith(OutcomeBatch, body);
      const results = await recordAll(c.env, batch);
      const requestId = c.get('requestId');
      return c.json({ results: results.map((r) => batchItem(r, requestId)) });
    }
    const outcome = parseWith(Outcome, body);
    const [result] = await recordAll(c.env, [outcome]);
    const error = toError(result!);
    if (error) throw error;
    return c.json(success(result!));
  });
}

/** Sends each task type's outcomes to its Durable Object in one call; results in input order. */
async function recordAll(env: Env, outcomes: Outcome[]): Promise<OutcomeResult[]> {
  const results: OutcomeResult[] = new Array(outcomes.length);
  const groups = new Map<string, number[]>();
  outcomes.forEach((o, i) => {
    const taskType = taskTypeOfDecision(o.decisionId);
    if (taskType === null) {
      results[i] = { decisionId: o.decisionId, status: 'not_found' };
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
    recorded: true,
    ...(r.status === 'duplicate' ? { duplicate: true } : {}),
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
