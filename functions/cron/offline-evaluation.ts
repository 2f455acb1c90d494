import { evaluateTaskType } from '../../src/evaluation/task-type-evaluation';
import { policyVersion } from '../../src/optimizer/policy-state';
import { insertEvaluationReport, readDecisionWindow } from '../../src/storage/evaluation-reports';
import { openDatabase } from '../../src/storage/postgres';
import type { Env } from '../env';
import { directoryOf, optimizerOf } from '../stubs';

/** A report reads at most this many decisions: the cron must fit a Worker's CPU budget. */
const MAX_ROWS = 200_000;

export interface StoredEvaluation {
  id: string;
  taskType: string;
  createdAt: string;
  windowSince: string;
  windowUntil: string;
  trigger: string;
  configVersion: number;
  policyVersion: string;
  report: unknown;
}

/**
 * Evaluates one task type on the decisions logged since its phase began: the baseline, the
 * current policy and the snapshot frozen at the phase's start (judged on data it did not
 * learn from). Writes the report to Postgres and hands the gate figure to the Durable Object.
 * Null when the task type does not exist.
 */
export async function evaluateNow(
  env: Env,
  taskType: string,
  trigger: 'cron' | 'manual',
): Promise<StoredEvaluation | null> {
  const optimizer = optimizerOf(env, taskType);
  const inputs = await optimizer.evaluationInputs();
  if (!inputs) return null;
  const untilMs = Date.now();
  await optimizer.flushBefore(untilMs);
  const { db, close } = openDatabase(env);
  try {
    const window = { taskType, sinceMs: inputs.phaseStartedAtMs, untilMs };
    const lines = await readDecisionWindow(db, window, MAX_ROWS);
    const result = evaluateTaskType(lines, inputs.current, inputs.snapshot);
    const report = { ...result, capped: lines.length >= MAX_ROWS, phase: inputs.current.phase };
    const row = {
      id: `eval_${crypto.randomUUID()}`,
      taskType,
      createdAt: new Date(untilMs),
      windowSince: new Date(window.sinceMs),
      windowUntil: new Date(untilMs),
      trigger,
      configVersion: inputs.current.configVersion,
      policyVersion: policyVersion(inputs.current),
      // JSON has no NaN: an estimator undefined on this log is written as null.
      report: JSON.parse(JSON.stringify(report)),
    };
    await insertEvaluationReport(db, row);
    await optimizer.recordEvaluation({
      reportId: row.id,
      createdAtMs: untilMs,
      n: result.n,
      policyVersion: policyVersion(inputs.snapshot),
      gateLowerBound: 'gateLowerBound' in result ? result.gateLowerBound : null,
    });
    return {
      ...row,
      createdAt: row.createdAt.toISOString(),
      windowSince: row.windowSince.toISOString(),
      windowUntil: row.windowUntil.toISOString(),
    };
  } finally {
    await close();
  }
}

/** The hourly cron: every task type in turn; one failing does not stop the others. */
export async function runOfflineEvaluations(env: Env): Promise<void> {
  for (const taskType of await directoryOf(env).list()) {
    try {
      await evaluateNow(env, taskType, 'cron');
    } catch (error) {
      console.error(JSON.stringify({ cron: 'offline-evaluation', taskType, error: String(error) }));
    }
  }
}
