import { SavingsQuery, SavingsReport } from '../../../src/contract/savings';
import { estimateSavings } from '../../../src/evaluation/savings';
import { savingsOptions } from '../../../src/evaluation/savings-options';
import { openDatabase } from '../../../src/storage/postgres';
import { savingsRows } from '../../../src/storage/savings-rows';
import type { Api } from '../../api';
import { flushedTaskType } from '../../export/flushed-task-type';
import { access, apiRoute, json, problems } from '../../openapi/route-kit';

const route = apiRoute('get /v1/task-types/{taskType}/savings', access('read'), {
  tag: 'task types',
  summary: 'What was saved against serving the baseline to everyone',
  description:
    'Served cost, quality and reward against the counterfactual "every request served the baseline", ' +
    'estimated doubly robustly from the logged propensities. The default window is the current phase ' +
    'and its intervals are anytime-valid; a window chosen with since/until gets fixed-window ' +
    'intervals. When the log cannot support an estimate the fields are null and `verdict` says why.',
  request: { query: SavingsQuery },
  responses: { 200: json(SavingsReport, 'The savings report.'), ...problems(422, 503) },
});

/** `GET /v1/task-types/{taskType}/savings`: read from Postgres after the outbox is flushed, never on the hot path. */
export function registerSavings(app: Api) {
  app.openapi(route, async (c) => {
    const { taskType } = c.req.valid('param');
    const query = c.req.valid('query');
    const startedAtMs = Date.now();
    const untilMs = query.until ? Date.parse(query.until) : startedAtMs;
    const { status } = await flushedTaskType(c.env, taskType, untilMs, startedAtMs);
    const custom = query.since !== undefined || query.until !== undefined;
    const sinceMs = query.since ? Date.parse(query.since) : Date.parse(status.phaseStartedAt);
    const { db, close } = openDatabase(c.env);
    const { rows, unitsRepeat } = await savingsRows(db, { taskType, sinceMs, untilMs }).finally(close);
    const options = savingsOptions(
      {
        taskType,
        config: status.config,
        phase: status.phase,
        since: new Date(sinceMs).toISOString(),
        until: new Date(untilMs).toISOString(),
        window: custom ? 'custom' : 'phase',
        unitsRepeat,
      },
      rows,
    );
    return c.json(estimateSavings(rows, options), 200);
  });
}
