import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../src/storage/decision-records';
import { upsertDecisionRecords } from '../../src/storage/decision-records';
import { readDecisionWindow } from '../../src/storage/evaluation-reports';
import { openDatabase } from '../../src/storage/postgres';
import { recommendResponse } from '../support/recommend-response';
import { uniqueTaskType } from './helpers';

const T0 = Date.UTC(2026, 10, 1, 0, 0, 0);

/** A logged decision of `taskType` issued at T0 + i minutes. */
function record(taskType: string, i: number): DecisionRecord {
  return {
    response: recommendResponse({
      decisionId: `dec_window_${taskType}_${String(i).padStart(3, '0')}`,
      taskType,
      propensity: 0.975,
      policyPropensity: 0.5,
      share: 0.05,
      served: 'baseline',
      phase: 'canary',
    }),
    issuedAtMs: T0 + i * 60_000,
    context: {},
    requestId: null,
    unitId: null,
    outcome: { quality: 0.5 },
    reward: 0.5,
  };
}

describe('the hourly evaluation’s window (issue 10, item 2)', () => {
  it('reads the newest rows of a window longer than its cap, in logged order — never the oldest', async () => {
    const taskType = uniqueTaskType('window');
    const { db, close } = openDatabase(env);
    try {
      // Written out of order: the read must order by time, not by insertion.
      const records = Array.from({ length: 12 }, (_, i) => record(taskType, i));
      await upsertDecisionRecords(db, [...records.slice(6), ...records.slice(0, 6)]);
      const window = { taskType, sinceMs: T0, untilMs: T0 + 3_600_000 };
      const capped = await readDecisionWindow(db, window, 5);
      expect(capped.map((l) => l.timestamp)).toEqual(
        [7, 8, 9, 10, 11].map((i) => new Date(T0 + i * 60_000).toISOString()),
      );
      // Under the cap, the whole window, oldest first.
      expect((await readDecisionWindow(db, window, 50)).length).toBe(12);
      // A window's end is exclusive: the newest rows before it.
      const earlier = await readDecisionWindow(db, { ...window, untilMs: T0 + 4 * 60_000 }, 2);
      expect(earlier.map((l) => l.timestamp)).toEqual(
        [2, 3].map((i) => new Date(T0 + i * 60_000).toISOString()),
      );
    } finally {
      await close();
    }
  });
});
