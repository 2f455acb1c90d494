import { and, asc, eq, gt, gte, lt, or, type SQL } from 'drizzle-orm';
import { decisions, outcomes } from '../../drizzle/schema';
import { type DecisionLogLine, type Randomization, randomizationOf } from '../contract/decision-log';
import type { Database } from './postgres';

export interface ExportWindow {
  taskType: string;
  /** inclusive, Unix ms */
  sinceMs: number;
  /** exclusive, Unix ms */
  untilMs: number;
}

export interface ExportCursor {
  timestamp: Date;
  decisionId: string;
}

/** One page of the decision log, ordered by timestamp then decision id (keyset paging). */
export async function exportPage(
  db: Database,
  window: ExportWindow,
  after: ExportCursor | null,
  limit: number,
): Promise<{ lines: DecisionLogLine[]; next: ExportCursor | null }> {
  const conditions: SQL[] = [
    eq(decisions.taskType, window.taskType),
    gte(decisions.timestamp, new Date(window.sinceMs)),
    lt(decisions.timestamp, new Date(window.untilMs)),
  ];
  if (after) {
    conditions.push(
      or(
        gt(decisions.timestamp, after.timestamp),
        and(eq(decisions.timestamp, after.timestamp), gt(decisions.decisionId, after.decisionId)),
      )!,
    );
  }
  const rows = await db
    .select()
    .from(decisions)
    .leftJoin(outcomes, eq(outcomes.decisionId, decisions.decisionId))
    .where(and(...conditions))
    .orderBy(asc(decisions.timestamp), asc(decisions.decisionId))
    .limit(limit);
  const lines = rows.map(
    ({ decisions: d, outcomes: o }): DecisionLogLine => ({
      decisionId: d.decisionId,
      taskType: d.taskType,
      timestamp: d.timestamp.toISOString(),
      context: d.context as DecisionLogLine['context'],
      armId: d.armId,
      propensity: d.propensity,
      policyPropensity: d.policyPropensity,
      share: d.share,
      reward: d.reward,
      costUsd: d.costUsd,
      served: d.served as DecisionLogLine['served'],
      phase: d.phase as DecisionLogLine['phase'],
      policyVersion: d.policyVersion,
      ...(d.shadow ? { shadow: d.shadow as DecisionLogLine['shadow'] } : {}),
      unitId: d.unitId ?? null,
      incarnation: d.incarnation,
      // rows written before the column existed: derived the way the object keyed them
      randomization: (d.randomization ?? randomizationOf(d.unitId, d.requestId)) as Randomization,
      ...(o ? { outcome: outcomeFields(o) } : {}),
    }),
  );
  const last = rows.at(-1)?.decisions;
  return {
    lines,
    next: rows.length === limit && last ? { timestamp: last.timestamp, decisionId: last.decisionId } : null,
  };
}

function outcomeFields(o: typeof outcomes.$inferSelect) {
  const fields = {
    quality: o.quality,
    latencyMs: o.latencyMs,
    promptTokens: o.promptTokens,
    completionTokens: o.completionTokens,
    success: o.success,
    error: o.error,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
}
