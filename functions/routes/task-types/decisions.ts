import { DecisionLogLine } from '../../../src/contract/decision-log';
import { TaskTypePath } from '../../../src/contract/task-type';
import { DecisionExportQuery } from '../../../src/contract/task-type-status';
import { type ExportCursor, type ExportWindow, exportPage } from '../../../src/storage/decision-export';
import { isPostgresConfigured, openDatabase } from '../../../src/storage/postgres';
import type { Api } from '../../api';
import type { Env } from '../../env';
import { access, apiRoute, problems, text } from '../../openapi/route-kit';
import { ApiError, unknownTaskType } from '../../problem';
import { optimizerOf } from '../../stubs';

const PAGE_SIZE = 1000;
/** How long an export waits for the outbox to reach Postgres before answering 503. */
const FLUSH_WAIT_MS = 5000;

const route = apiRoute({
  method: 'get',
  path: '/v1/task-types/{taskType}/decisions',
  tags: ['task types'],
  summary: 'Export logged decisions as JSON Lines',
  description:
    '`since` inclusive, `until` exclusive (default now), ordered by timestamp then decision id. ' +
    'The outbox is flushed first; if the window has not reached Postgres after a bounded wait, 503 ' +
    'with Retry-After — never a partial file. Each line is a `DecisionLogLine`.',
  ...access('read'),
  request: { params: TaskTypePath, query: DecisionExportQuery },
  responses: {
    // JSON Lines: the schema is that of one line.
    200: text('application/x-ndjson', 'One decision per line.', DecisionLogLine),
    ...problems(422, 503),
  },
});

/**
 * `GET /v1/task-types/{taskType}/decisions?since&until`: the decision log as JSON Lines,
 * streamed from Postgres after the task type's outbox has been flushed (never a partial file).
 */
export function registerExportDecisions(app: Api) {
  app.openapi(route, async (c) => {
    const { taskType } = c.req.valid('param');
    const query = c.req.valid('query');
    const window: ExportWindow = {
      taskType,
      sinceMs: query.since ? Date.parse(query.since) : 0,
      untilMs: query.until ? Date.parse(query.until) : Date.now(),
    };
    if (!isPostgresConfigured(c.env))
      throw new ApiError('unavailable', 'Postgres is not configured.', undefined, { 'retry-after': '60' });
    const optimizer = optimizerOf(c.env, taskType);
    if (!(await optimizer.getStatus())) throw unknownTaskType(taskType);
    if (!(await waitForOutbox(() => optimizer.flushBefore(window.untilMs)))) {
      throw new ApiError(
        'unavailable',
        'Some decisions of this window have not reached Postgres yet.',
        undefined,
        {
          'retry-after': '5',
        },
      );
    }
    return new Response(await jsonLines(c.env, window), {
      headers: { 'content-type': 'application/x-ndjson; charset=utf-8' },
    });
  });
}

async function waitForOutbox(flush: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + FLUSH_WAIT_MS;
  for (;;) {
    if (await flush()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Streams pages. The first page is read before the response starts, so an unreachable
 * Postgres is a 503; a failure later errors the stream, so the client sees a broken, not a short, file.
 */
async function jsonLines(env: Env, window: ExportWindow): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const { db, close } = openDatabase(env);
  let first: Awaited<ReturnType<typeof exportPage>> | null;
  try {
    first = await exportPage(db, window, null, PAGE_SIZE);
  } catch {
    await close();
    throw new ApiError('unavailable', 'Postgres cannot be reached; try again.', undefined, {
      'retry-after': '5',
    });
  }
  let cursor: ExportCursor | null = null;
  let done = false;
  return new ReadableStream({
    async pull(controller) {
      try {
        const page = first ?? (await exportPage(db, window, cursor, PAGE_SIZE));
        first = null;
        if (page.lines.length > 0)
          controller.enqueue(encoder.encode(page.lines.map((l) => `${JSON.stringify(l)}\n`).join('')));
        cursor = page.next;
        if (!cursor) {
          done = true;
          controller.close();
          await close();
        }
      } catch (error) {
        controller.error(error);
        await close();
      }
    },
    async cancel() {
      if (!done) await close();
    },
  });
}
