import { env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { decisions, outcomes } from '../../drizzle/schema';
import type { DecisionRecord } from '../../src/storage/decision-records';
import { upsertDecisionRecords } from '../../src/storage/decision-records';
import { openDatabase } from '../../src/storage/postgres';
import { recommendResponse } from '../support/recommend-response';
import { uniqueTaskType } from './helpers';

/** One decision as the outbox hands it over at successive revisions. */
function revision(
  taskType: string,
  outcome: DecisionRecord['outcome'],
  reward: number | null,
): DecisionRecord {
  return {
    response: recommendResponse({ decisionId: `dec_stale_${taskType}`, taskType }),
    issuedAtMs: Date.UTC(2026, 11, 4),
    context: {},
    requestId: null,
    unitId: null,
    outcome,
    reward,
  };
}

describe('a stale flush committing after a newer one (the flusher gave up on it at its deadline)', () => {
  it('takes back no reward, cost or outcome part the newer copy wrote', async () => {
    const taskType = uniqueTaskType('stale');
    const { db, close } = openDatabase(env);
    try {
      const served = revision(taskType, {}, null);
      const partOne = revision(
        taskType,
        { quality: 0, promptTokens: 498, completionTokens: 1, costUsd: 0.0003 },
        -0.03,
      );
      const partTwo = revision(taskType, { ...partOne.outcome, latencyMs: 120 }, -0.03);
      await upsertDecisionRecords(db, [partTwo]);
      // The older copies land afterwards, in either order.
      await upsertDecisionRecords(db, [partOne]);
      await upsertDecisionRecords(db, [served]);
      const id = served.response.decisionId;
      const [decision] = await db.select().from(decisions).where(eq(decisions.decisionId, id));
      expect(decision).toMatchObject({ reward: -0.03, costUsd: 0.0003 });
      const [outcome] = await db.select().from(outcomes).where(eq(outcomes.decisionId, id));
      expect(outcome).toMatchObject({
        quality: 0,
        latencyMs: 120,
        promptTokens: 498,
        costUsd: 0.0003,
        reward: -0.03,
      });
    } finally {
      await close();
    }
  });
});
