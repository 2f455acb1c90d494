import { evaluateTaskType } from '../../src/evaluation/task-type-evaluation';
import { policyVersion } from '../../src/optimizer/policy-state';
import { insertEvaluationReport, readDecisionWindow } from '../../src/storage/evaluation-reports';
import { openDatabase } from '../../src/storage/postgres';
import type { Env } from '../env';
import { directoryOf, optimizerOf } from '../stubs';

/** A report reads at most this many decisions (the newest): the cron must fit a Worker's CPU budget. */
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
 * learn from). Writes the report to Postgres and hands its figure to the Durable Object for
 * display: promotion reads the object's anytime evidence, named in the report as `promotionGate`.
 * Null when the task type does not exist.
 */
export async function evaluateNow(
  env: Env,
  taskType: string,
  trigger: 'cron' | 'manual',
  maxRows = MAX_ROWS,
): Promise<StoredEvaluation | null> {
  const optimizer = optimizerOf(env, taskType);
  const inputs = await optimizer.evaluationInputs();
  if (!inputs) return null;
  const untilMs = Date.now();
  await optimizer.flushBefore(untilMs);
  const { db, close } = openDatabase(env);
  try {
    const window = { taskType, sinceMs: inputs.phaseStartedAtMs, untilMs };
    const lines = await readDecisionWindow(db, window, maxRows);
    const result = evaluateTaskType(lines, inputs.current, inputs.snapshot);
    // The bootstrap figures are for display; `promotionGate` is what promotion reads.
    const report = {
      ...result,
      capped: lines.length >= maxRows,
      phase: inputs.current.phase,
      promotionGate: inputs.promotionEvidence,
    };
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
