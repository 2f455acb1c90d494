import { and, asc, eq, gte, isNotNull, lt } from 'drizzle-orm';
import { decisions, outcomes } from '../../drizzle/schema';
import type { SavingsRow } from '../evaluation/savings-baseline';
import type { ExportWindow } from './decision-export';
import type { Database } from './postgres';

/** More rows than this in one window are read only up to it (the report says so through `n`). */
export const MAX_SAVINGS_ROWS = 1_000_000;

/**
 * The window's decisions with a known reward, in logging order (the confidence sequences fold
 * them in that order), and whether unit ids repeat (the per-request intervals then do not hold).
 */
export async function savingsRows(
  db: Database,
  window: ExportWindow,
): Promise<{ rows: SavingsRow[]; unitsRepeat: boolean }> {
  const found = await db
    .select({
      armId: decisions.armId,
      propensity: decisions.propensity,
      reward: decisions.reward,
      costUsd: decisions.costUsd,
      unitId: decisions.unitId,
      quality: outcomes.quality,
      promptTokens: outcomes.promptTokens,
      completionTokens: outcomes.completionTokens,
    })
    .from(decisions)
    .leftJoin(outcomes, eq(outcomes.decisionId, decisions.decisionId))
    .where(
      and(
        eq(decisions.taskType, window.taskType),
        gte(decisions.timestamp, new Date(window.sinceMs)),
        lt(decisions.timestamp, new Date(window.untilMs)),
        isNotNull(decisions.reward),
      ),
    )
    .orderBy(asc(decisions.timestamp), asc(decisions.decisionId))
    .limit(MAX_SAVINGS_ROWS);
  const units = new Set<string>();
  let unitsRepeat = false;
  const rows = found.map((r): SavingsRow => {
    if (r.unitId !== null) {
      if (units.has(r.unitId)) unitsRepeat = true;
      units.add(r.unitId);
    }
    return {
      armId: r.armId,
      propensity: r.propensity,
      reward: r.reward!,
      quality: r.quality ?? null,
      costUsd: r.costUsd ?? null,
      promptTokens: r.promptTokens === null || r.promptTokens === undefined ? null : Number(r.promptTokens),
      completionTokens:
        r.completionTokens === null || r.completionTokens === undefined ? null : Number(r.completionTokens),
    };
  });
  return { rows, unitsRepeat };
}
