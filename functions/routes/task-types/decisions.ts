import type { Hono } from 'hono';
import { z } from 'zod';
import { type ExportCursor, type ExportWindow, exportPage } from '../../../src/storage/decision-export';
import { isPostgresConfigured, openDatabase } from '../../../src/storage/postgres';
import type { AppEnv } from '../../app-env';
import type { Env } from '../../env';
import { requireScope } from '../../middleware/auth';
import { ApiError } from '../../problem';
import { optimizerOf } from '../../stubs';
import { parseWith } from '../../validation';
import { taskTypeParam, unknownTaskType } from './schema';

const PAGE_SIZE = 1000;
/** How long an export waits for the outbox to reach Postgres before answering 503. */
const FLUSH_WAIT_MS = 5000;

const ExportQuery = z.object({
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
});

/**
 * `GET /v1/task-types/{taskType}/decisions?since&until`: the decision log as JSON Lines,
 * streamed from Postgres after the task type's outbox has been flushed (never a partial file).
 */
export function registerExportDecisions(app: Hono<AppEnv>) {
  app.get('/v1/task-types/:taskType/decisions', requireScope('read'), async (c) => {
    const taskType = taskTypeParam(c.req.param('taskType'));
    const query = parseWith(ExportQuery, c.req.query(), 'query');
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
