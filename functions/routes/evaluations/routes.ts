import type { z } from 'zod';
import { EvaluationList, EvaluationListQuery, EvaluationRecord } from '../../../src/contract/evaluation';
import { listEvaluationReports } from '../../../src/storage/evaluation-reports';
import { openDatabase } from '../../../src/storage/postgres';
import type { Api } from '../../api';
import { evaluateNow } from '../../cron/offline-evaluation';
import { requirePostgres } from '../../export/flushed-task-type';
import { access, apiRoute, json, problems } from '../../openapi/route-kit';
import { ApiError, unknownTaskType } from '../../problem';
import { askKnownTaskType } from '../../stubs';

const list = apiRoute('get /v1/task-types/{taskType}/evaluations', access('read'), {
  tag: 'evaluation',
  summary: 'Offline evaluation reports, newest first',
  description:
    'Each report estimates the baseline, the current policy and the policy frozen at the start of the phase (IPS, SNIPS, DM, DR, SNDR, Switch-DR with bootstrap intervals), with the paired difference that gates promotion.',
  request: { query: EvaluationListQuery },
  responses: { 200: json(EvaluationList, 'The reports.'), ...problems(422, 503) },
});

const runNow = apiRoute('post /v1/task-types/{taskType}/evaluations', access('ops'), {
  tag: 'evaluation',
  summary: 'Run an offline evaluation now',
  responses: { 201: json(EvaluationRecord, 'The new report.'), ...problems(503) },
});

/** `GET …/evaluations` (newest first) and `POST …/evaluations` (run one now). */
export function registerEvaluations(app: Api) {
  app.openapi(list, async (c) => {
    const { taskType } = c.req.valid('param');
    const { limit } = c.req.valid('query');
    requirePostgres(c.env);
    await askKnownTaskType(c.env, taskType, (optimizer) => optimizer.getStatus());
    const { db, close } = openDatabase(c.env);
    try {
      const rows = await listEvaluationReports(db, taskType, limit);
      // A stored report is the JSON an EvaluationReport was written as; dates go out as ISO strings.
      return c.json({ evaluations: rows } as unknown as z.input<typeof EvaluationList>, 200);
    } catch {
      throw new ApiError('unavailable', 'Postgres cannot be reached; try again.', undefined, {
        'retry-after': '5',
      });
    } finally {
      await close();
    }
  });

  app.openapi(runNow, async (c) => {
    const { taskType } = c.req.valid('param');
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
    return c.json(stored as z.input<typeof EvaluationRecord>, 201);
  });
}
