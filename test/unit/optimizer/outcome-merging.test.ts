import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../src/contract/outcome';
import { mergeOutcome, type RecordedOutcome } from '../../../src/optimizer/merge-outcome';
import { type PendingDecision, recordOutcome, rewardAfterWait } from '../../../src/optimizer/record-outcome';
import { configOf, T0 } from './fixture';

const reward = configOf().reward;
const pending = (outcome: RecordedOutcome = {}): PendingDecision => ({
  decisionId: 'd1',
  armId: 'warm',
  issuedAtMs: T0,
  expiresAtMs: T0 + 60_000,
  outcome,
  reward: null,
  encoded: null,
  served: 'policy',
  configVersion: 1,
});

describe('outcome merging', () => {
  it('sets each field once: the same value again is a duplicate, another value a conflict', () => {
    const recorded: RecordedOutcome = { latencyMs: 120 };
    expect(mergeOutcome(recorded, { decisionId: 'd1', latencyMs: 120 })).toEqual({ kind: 'duplicate' });
    expect(mergeOutcome(recorded, { decisionId: 'd1', latencyMs: 130 })).toEqual({
      kind: 'conflict',
      field: 'latencyMs',
      existing: 120,
      received: 130,
    });
    expect(mergeOutcome(recorded, { decisionId: 'd1', quality: 0.8 })).toEqual({
      kind: 'updated',
      merged: { latencyMs: 120, quality: 0.8 },
      added: { quality: 0.8 },
    });
  });

  it('ends at the same record whatever order disjoint parts arrive in', () => {
    const parts: Outcome[] = [
      { decisionId: 'd1', latencyMs: 250 },
      { decisionId: 'd1', quality: 0.6 },
      { decisionId: 'd1', success: true, promptTokens: 10, completionTokens: 20 },
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(parts, { minLength: 3, maxLength: 3 }), (order) => {
        let recorded: RecordedOutcome = {};
        for (const part of order) {
          const m = mergeOutcome(recorded, part);
          if (m.kind === 'updated') recorded = m.merged;
        }
        expect(recorded).toEqual({
          latencyMs: 250,
          quality: 0.6,
          success: true,
          promptTokens: 10,
          completionTokens: 20,
        });
      }),
    );
  });

  it('completes the reward once, with the part that brings quality, and never again', () => {
    const first = recordOutcome(pending(), { decisionId: 'd1', latencyMs: 100, success: true }, reward, T0);
    expect(first.newReward).toBeUndefined();
    const second = recordOutcome(first.updated!, { decisionId: 'd1', quality: 0.9 }, reward, T0);
    expect(second.newReward).toBeTypeOf('number');
    expect(second.result).toMatchObject({ status: 'recorded', reward: second.newReward });
    const again = recordOutcome(second.updated!, { decisionId: 'd1', quality: 0.9 }, reward, T0);
    expect([again.result.status, again.newReward]).toEqual(['duplicate', undefined]);
  });

  it('answers expired after the decision TTL and changes nothing', () => {
    const late = recordOutcome(pending(), { decisionId: 'd1', quality: 1 }, reward, T0 + 60_001);
    expect(late).toEqual({ result: { decisionId: 'd1', status: 'expired' } });
  });

  it('scores a waiting decision with the default quality only once the wait is over and some outcome came', () => {
    const settings = { ...reward, defaultQuality: 0.5, rewardWaitMs: 1000 };
    const waiting = pending({ latencyMs: 100 });
    expect(rewardAfterWait(waiting, settings, T0 + 999)).toBeNull();
    expect(rewardAfterWait(waiting, settings, T0 + 1000)?.reward).toBeTypeOf('number');
    expect(rewardAfterWait(pending(), settings, T0 + 1000)).toBeNull();
  });
});
