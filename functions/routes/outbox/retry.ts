import { OutboxRetryResponse } from '../../../src/contract/outbox-retry';
import type { Api } from '../../api';
import { access, apiRoute, json } from '../../openapi/route-kit';
import { askPathTaskType } from '../../stubs';

const route = apiRoute('post /v1/task-types/{taskType}/outbox/retry', access('ops'), {
  tag: 'task types',
  summary: 'Send decisions Postgres refused to it again',
  description:
    'A decision Postgres refuses as data is set aside: kept in the task type, named by its status ' +
    '(`outbox.setAside`, `outbox.setAsideIds`) and by the export (503), never expired. Once the ' +
    'cause is fixed in Postgres, this sends them again; those it still refuses stay set aside.',
  responses: { 200: json(OutboxRetryResponse, 'The decisions retried and the outbox after it.') },
});

/** `POST /v1/task-types/{taskType}/outbox/retry` (ops). */
export function registerOutboxRetry(app: Api) {
  app.openapi(route, async (c) => {
    const { taskType, reply } = await askPathTaskType(c, (optimizer) => optimizer.retrySetAside());
    return c.json({ taskType, ...reply }, 200);
  });
}
