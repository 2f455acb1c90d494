import { ArchiveResponse } from '../../../src/contract/task-type-status';
import { actorOf } from '../../actor';
import type { Api } from '../../api';
import { access, apiRoute, json } from '../../openapi/route-kit';
import { unknownTaskType } from '../../problem';
import { askPathTaskType, directoryOf } from '../../stubs';

const route = apiRoute('delete /v1/task-types/{taskType}', access('ops'), {
  tag: 'task types',
  summary: 'Archive a task type',
  description:
    'Recommend answers 404 and outcomes of its decisions 410 from now on; its decision log stays ' +
    'exportable. The audit log records a `task-type-archived` event with the actor and incarnation. `GET /v1/task-types?archived=true` lists it; a later PUT starts a new incarnation.',
  responses: { 200: json(ArchiveResponse, 'Archived.') },
});

/** `DELETE /v1/task-types/{taskType}` (ops): archives; 404 when unknown or archived already. */
export function registerArchiveTaskType(app: Api) {
  app.openapi(route, async (c) => {
    const { taskType, reply: archived } = await askPathTaskType(c, (optimizer) =>
      optimizer.archive(actorOf(c)),
    );
    // The reply's type allows an incarnation left unarchived; like an unknown task type, it is a 404.
    if (archived.archivedAtMs === null) throw unknownTaskType(taskType);
    await directoryOf(c.env).archive(taskType, archived.archivedAtMs);
    return c.json(
      {
        taskType,
        archived: true as const,
        archivedAt: new Date(archived.archivedAtMs).toISOString(),
        incarnation: archived.number,
      },
      200,
    );
  });
}
