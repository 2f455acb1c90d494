import { z } from 'zod';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from '../../../src/metrics/prometheus-text';
import type { Api } from '../../api';
import { access, apiRoute, text } from '../../openapi/route-kit';
import { directoryOf } from '../../stubs';

const route = apiRoute('get /metrics', access('read'), {
  tag: 'operations',
  summary: 'Prometheus metrics of every task type',
  description:
    'Text exposition 0.0.4, read from the reports each task type pushes to the directory after its ' +
    'outbox flushes: a scrape reads one object, however many task types there are.',
  responses: {
    200: text('text/plain', 'Prometheus text exposition (version 0.0.4).', z.string()),
  },
});

/** `GET /metrics` (read): recommendations, outcomes, cost, phase, outbox lag and budget use. */
export function registerMetrics(app: Api) {
  app.openapi(route, async (c) => {
    const { reports, outbox } = await directoryOf(c.env).metricsReports();
    return c.body(renderPrometheus(reports, outbox, Date.now()), 200, {
      'content-type': PROMETHEUS_CONTENT_TYPE,
    });
  });
}
