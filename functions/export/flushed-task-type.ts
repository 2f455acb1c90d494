import { isPostgresConfigured } from '../../src/storage/postgres';
import type { Env } from '../env';
import { ApiError, unknownTaskType } from '../problem';
import { optimizerOf } from '../stubs';
import { waitForOutbox } from './deadline';

/** How long a read from Postgres waits for the outbox to reach it before answering 503. */
export const FLUSH_WAIT_MS = 5000;

/** 503 unless Postgres is configured: the reports and the export are read from it. */
export function requirePostgres(env: Env): void {
  if (!isPostgresConfigured(env))
    throw new ApiError('unavailable', 'Postgres is not configured.', undefined, { 'retry-after': '60' });
}

/**
 * What every read of the decision log from Postgres does first (the export, the savings
 * report): Postgres configured, the task type known (else 404), and its outbox flushed up to
 * `untilMs` within FLUSH_WAIT_MS of `startedAtMs` (else 503 with Retry-After, never a report
 * that misses decisions of its window). Returns the object and the status it answered.
 */
export async function flushedTaskType(env: Env, taskType: string, untilMs: number, startedAtMs: number) {
  requirePostgres(env);
  const optimizer = optimizerOf(env, taskType);
  const status = await optimizer.getStatus();
  if (!status) throw unknownTaskType(taskType);
  if (!(await waitForOutbox(() => optimizer.flushBefore(untilMs), startedAtMs + FLUSH_WAIT_MS)))
    throw new ApiError(
      'unavailable',
      'Some decisions of this window have not reached Postgres yet.',
      undefined,
      {
        'retry-after': '5',
      },
    );
  return { optimizer, status };
}
