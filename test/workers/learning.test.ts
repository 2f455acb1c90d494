import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/common/seeded-rng';
import { arm, call, uniqueTaskType } from './helpers';

describe('the serving loop learns', () => {
  it('serves the best of 4 arms in at least 60 % of the last 150 of 400 rounds', async () => {
    const taskType = uniqueTaskType('learn');
    await call('PUT', `/v1/task-types/${taskType}`, {
      baselineArmId: 'a',
      arms: [arm('a', 0.7), arm('b', 0.6), arm('c', 0.8), arm('d', 0.7, 700)],
      policy: { kind: 'thompson-gaussian' },
      rollout: { phase: 'general' },
    });
    // The hidden world: mean quality per arm, with noise; the service is not told.
    const meanQuality: Record<string, number> = { a: 0.55, b: 0.6, c: 0.75, d: 0.5 };
    const rng = seededRng('learning-world');
    const servedLast: string[] = [];
    for (let round = 0; round < 400; round++) {
      const rec = await call('POST', '/v1/recommend', { taskType, context: {} });
      const armId = rec.body.armId as string;
      if (round >= 250) servedLast.push(armId);
      const noise = (rng() - 0.5) * 0.3;
      const quality = Math.min(1, Math.max(0, meanQuality[armId]! + noise));
      await call('POST', '/v1/outcomes', { decisionId: rec.body.decisionId, quality, success: true });
    }
    const best = servedLast.filter((a) => a === 'c').length / servedLast.length;
    expect(best).toBeGreaterThanOrEqual(0.6);
  });
});
