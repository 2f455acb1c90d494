import { TimeSeries, TimeSeriesQuery } from '../../../src/contract/time-series';
import { keptSinceMs, seriesWindow } from '../../../src/metrics/time-series-view';
import type { Api } from '../../api';
import { access, apiRoute, json, problems } from '../../openapi/route-kit';
import { ApiError } from '../../problem';
import { askKnownTaskType } from '../../stubs';

const route = apiRoute('get /v1/task-types/{taskType}/timeseries', access('read'), {
  tag: 'task types',
  summary: 'Decisions, outcomes, reward, cost and latency per arm and time bucket',
  description:
    'Aggregates the task type keeps as it serves (minute rows for 48 h, hour rows for 30 days), so ' +
    'reading them costs the same at any traffic and never touches the decision log or Postgres. ' +
    'Decisions count in the bucket of their issue time, and so do their outcomes, whenever they come.',
  request: { query: TimeSeriesQuery },
  responses: { 200: json(TimeSeries, 'The time series.'), ...problems(422) },
});

/** `GET /v1/task-types/{taskType}/timeseries`: one call to the object, which keeps the rows. */
export function registerTimeSeries(app: Api) {
  app.openapi(route, async (c) => {
    const { taskType } = c.req.valid('param');
    const { bucket, since, until } = c.req.valid('query');
    const nowMs = Date.now();
    const asked = {
      bucket,
      ...(since === undefined ? {} : { sinceMs: Date.parse(since) }),
      ...(until === undefined ? {} : { untilMs: Date.parse(until) }),
    };
    const result = seriesWindow(asked, nowMs);
    if (!result.ok)
      throw new ApiError('unprocessable', `${result.field} ${result.message}.`, [
        {
          path: `/${result.field}`,
          message: result.message,
          value: result.field === 'since' ? since : until,
        },
      ]);
    const { window } = result;
    const points = await askKnownTaskType(c.env, taskType, (optimizer) => optimizer.timeSeries(window));
    const iso = (ms: number) => new Date(ms).toISOString();
    return c.json(
      {
        taskType,
        bucket,
        bucketMs: window.bucketMs,
        since: iso(window.sinceMs),
        until: iso(window.untilMs),
        keptSince: iso(keptSinceMs(window, nowMs)),
        points,
      },
      200,
    );
  });
}
