import { SET_ASIDE_LISTED } from '../../../durable-objects/outbox-flusher';
import { raceDeadline } from '../../../src/common/race-deadline';
import { DecisionLogLine } from '../../../src/contract/decision-log';
import { DecisionExportQuery } from '../../../src/contract/task-type-status';
import { type ExportCursor, type ExportWindow, exportPage } from '../../../src/storage/decision-export';
import { openDatabase } from '../../../src/storage/postgres';
import type { Api } from '../../api';
import type { Env } from '../../env';
import { flushedTaskType } from '../../export/flushed-task-type';
import { FIRST_PAGE_ROWS, nextPageRows } from '../../export/page-size';
import { withStatementTimeout } from '../../export/statement-timeout';
import { access, apiRoute, problems, text } from '../../openapi/route-kit';
import { ApiError } from '../../problem';
import type { optimizerOf } from '../../stubs';

/** The whole wait before the first byte: flush plus first page (issue 11: within 6 s with the table locked). */
const FIRST_BYTE_DEADLINE_MS = 5800;
/** Each later page's statement timeout: a page stuck behind a lock aborts the stream. */
const PAGE_TIMEOUT_MS = 30_000;

const route = apiRoute('get /v1/task-types/{taskType}/decisions', access('read'), {
  tag: 'task types',
  summary: 'Export logged decisions as JSON Lines',
  description:
    '`since` inclusive, `until` exclusive (default now), ordered by timestamp then decision id. ' +
    'The outbox is flushed first; if the window has not reached Postgres after a bounded wait, 503 ' +
    'with Retry-After — never a partial file. Each line is a `DecisionLogLine`.',
  request: { query: DecisionExportQuery },
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
    const startedAtMs = Date.now();
    const window: ExportWindow = {
      taskType,
      sinceMs: query.since ? Date.parse(query.since) : 0,
      untilMs: query.until ? Date.parse(query.until) : Date.now(),
    };
    const { optimizer } = await flushedTaskType(c.env, taskType, window.untilMs, startedAtMs);
    await refuseWithoutSetAside(optimizer, window);
    return new Response(await jsonLines(c.env, window, startedAtMs + FIRST_BYTE_DEADLINE_MS), {
      headers: { 'content-type': 'application/x-ndjson; charset=utf-8' },
    });
  });
}

/**
 * Decisions Postgres refused are not in it: rather than a 200 without them, a 503 naming them
 * until ops resolve them (`POST …/outbox/retry`).
 */
async function refuseWithoutSetAside(optimizer: ReturnType<typeof optimizerOf>, window: ExportWindow) {
  const setAside = await optimizer.setAsideIn(window.sinceMs, window.untilMs);
  if (setAside.length === 0) return;
  throw new ApiError(
    'unavailable',
    `Postgres refused ${setAside.length === SET_ASIDE_LISTED ? 'at least ' : ''}${setAside.length} decision(s) of this window; ` +
      'they are kept, set aside, until resolved (POST /v1/task-types/{taskType}/outbox/retry).',
    setAside.map((d) => ({
      path: `/decisions/${d.decisionId}`,
      message: 'set aside: Postgres refused it',
      value: d.decisionId,
    })),
    { 'retry-after': '60' },
  );
}

/**
 * Streams pages. The first page is read before the response starts, so an unreachable
 * Postgres is a 503; a failure later errors the stream, so the client sees a broken, not a short, file.
 */
async function jsonLines(
  env: Env,
  window: ExportWindow,
  firstPageDeadlineAtMs: number,
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const { db, close } = openDatabase(env);
  let first: Awaited<ReturnType<typeof exportPage>> | null;
  let pageRows = FIRST_PAGE_ROWS;
  try {
    // statement_timeout bounds the query; the race also bounds connecting to Postgres.
    const remainingMs = Math.max(500, firstPageDeadlineAtMs - Date.now());
    const raced = await raceDeadline(
      withStatementTimeout(db, remainingMs, () => exportPage(db, window, null, pageRows)),
      remainingMs,
    );
    if (!raced.done) throw new Error('the first page missed its deadline');
    first = raced.value;
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
        const page =
          first ??
          (await withStatementTimeout(db, PAGE_TIMEOUT_MS, () => exportPage(db, window, cursor, pageRows)));
        first = null;
        if (page.lines.length > 0) {
          const bytes = encoder.encode(page.lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
          controller.enqueue(bytes);
          pageRows = nextPageRows(page.lines.length, bytes.length);
        }
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
