import type { Hono } from 'hono';
import { z } from 'zod';
import { listEvaluationReports } from '../../../src/storage/evaluation-reports';
import { isPostgresConfigured, openDatabase } from '../../../src/storage/postgres';
import type { AppEnv } from '../../app-env';
import { evaluateNow } from '../../cron/offline-evaluation';
import type { Env } from '../../env';
import { requireScope } from '../../middleware/auth';
import { ApiError } from '../../problem';
import { optimizerOf } from '../../stubs';
import { parseWith } from '../../validation';
import { taskTypeParam, unknownTaskType } from '../task-types/schema';

const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

function requirePostgres(env: Env): void {
  if (!isPostgresConfigured(env))
    throw new ApiError('unavailable', 'Postgres is not configured.', undefined, { 'retry-after': '60' });
}

/** `GET …/evaluations` (newest first) and `POST …/evaluations` (run one now). */
export function registerEvaluations(app: Hono<AppEnv>) {
  app.get('/v1/task-types/:taskType/evaluations', requireScope('read'), async (c) => {
    const taskType = taskTypeParam(c.req.param('taskType'));
    const { limit } = parseWith(ListQuery, c.req.query(), 'query');
    requirePostgres(c.env);
    if (!(await optimizerOf(c.env, taskType).getStatus())) throw unknownTaskType(taskType);
    const { db, close } = openDatabase(c.env);
    try {
      const rows = await listEvaluationReports(db, taskType, limit);
      return c.json({ evaluations: rows });
    } catch {
      throw new ApiError('unavailable', 'Postgres cannot be reached; try again.', undefined, {
        'retry-after': '5',
      });
    } finally {
      await close();
    }
  });

  app.post('/v1/task-types/:taskType/evaluations', requireScope('ops'), async (c) => {
    const taskType = taskTypeParam(c.req.param('taskType'));
    requirePostgres(c.env);
    let stored: Awaited<ReturnType<typeof evaluateNow>>;
    try {
      stored = await evaluateNow(c.env, taskType, 'manual');
    } catch (error) {
      console.error(JSON.stringify({ route: 'POST evaluations', taskType, error: String(error) }));
      throw new ApiError(
        'unavailable',
        'The evaluation could not read or write Postgres; try again.',
        undefined,
        {
          'retry-after': '5',
        },
      );
    }
    if (!stored) throw unknownTaskType(taskType);
    return c.json(stored, 201);
  });
}
