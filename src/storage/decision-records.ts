import { sql } from 'drizzle-orm';
import { decisions, outcomes } from '../../drizzle/schema';
import { type Context, randomizationOf } from '../contract/decision-log';
import type { RecommendResponse } from '../contract/recommend';
import type { RecordedOutcome } from '../optimizer/merge-outcome';
import type { Database } from './postgres';

/** A decision as the Durable Object's outbox hands it to Postgres: what was served and what came back. */
export interface DecisionRecord {
  response: RecommendResponse;
  /** Unix ms */
  issuedAtMs: number;
  context: Context;
  requestId: string | null;
  unitId: string | null;
  outcome: RecordedOutcome;
  reward: number | null;
  /** which life of the task type issued it (set by the object's table; absent: the first) */
  incarnation?: number;
}

/**
 * Upserts decisions and their outcomes by decision id in one transaction, so a retried
 * flush writes every decision exactly once and never half of a batch. Every field the upsert
 * updates is set once and never unset (DESIGN.md §4), so a value already in Postgres is kept
 * over a null: a batch the flusher gave up on after its deadline may still commit *after* the
 * newer copy of the same decisions, and it must not take back a reward or an outcome part the
 * newer one wrote (seen in the routing bench: one reward of 18,000 lost that way under load).
 */
export async function upsertDecisionRecords(db: Database, records: DecisionRecord[]): Promise<void> {
  if (records.length === 0) return;
  const decisionRows = records.map((r) => ({
    decisionId: r.response.decisionId,
    taskType: r.response.taskType,
    timestamp: new Date(r.issuedAtMs),
    requestId: r.requestId,
    unitId: r.unitId,
    randomization: randomizationOf(r.unitId, r.requestId),
    context: r.context,
    armId: r.response.armId,
    params: r.response.params,
    propensity: r.response.propensity,
    policyPropensity: r.response.policyPropensity,
    share: r.response.share,
    served: r.response.served,
    phase: r.response.phase,
    policyVersion: r.response.policyVersion,
    shadow: r.response.shadow ?? null,
    reward: r.reward,
    costUsd: r.outcome.costUsd ?? null,
    incarnation: r.incarnation ?? 1,
  }));
  const outcomeRows = records
    .filter((r) => Object.keys(r.outcome).length > 0)
    .map((r) => ({
      decisionId: r.response.decisionId,
      taskType: r.response.taskType,
      quality: r.outcome.quality ?? null,
      latencyMs: r.outcome.latencyMs ?? null,
      promptTokens: r.outcome.promptTokens ?? null,
      completionTokens: r.outcome.completionTokens ?? null,
      success: r.outcome.success ?? null,
      error: r.outcome.error ?? null,
      costUsd: r.outcome.costUsd ?? null,
      reward: r.reward,
    }));
  await db.transaction(async (tx) => {
    await tx
      .insert(decisions)
      .values(decisionRows)
      .onConflictDoUpdate({
        target: decisions.decisionId,
        set: {
          reward: keep('decisions', 'reward'),
          costUsd: keep('decisions', 'cost_usd'),
          updatedAt: sql`now()`,
        },
      });
    if (outcomeRows.length === 0) return;
    await tx
      .insert(outcomes)
      .values(outcomeRows)
      .onConflictDoUpdate({
        target: outcomes.decisionId,
        set: {
          ...Object.fromEntries(
            Object.entries(OUTCOME_COLUMNS).map(([field, column]) => [field, keep('outcomes', column)]),
          ),
          updatedAt: sql`now()`,
        },
      });
  });
}

/** The outcome fields an upsert updates, by their column names. */
const OUTCOME_COLUMNS = {
  quality: 'quality',
  latencyMs: 'latency_ms',
  promptTokens: 'prompt_tokens',
  completionTokens: 'completion_tokens',
  success: 'success',
  error: 'error',
  costUsd: 'cost_usd',
  reward: 'reward',
} as const;

/** The incoming value, or the one the row already has when the incoming one is null. */
const keep = (table: 'decisions' | 'outcomes', column: string) =>
  sql.raw(`coalesce(excluded."${column}", "${table}"."${column}")`);
