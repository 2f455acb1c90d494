import { describe, expect, it } from 'vitest';
import { gateChoice, gatedDistribution } from '../../../src/rollout/confidence-gate';

const policy = { base: 0.1, cool: 0.7, hot: 0.2 };
const best = { base: 0.05, cool: 0.8, hot: 0.15 };

describe('confidence gate', () => {
  it('hands the mass of arms below minConfidence to the baseline, keeping a distribution', () => {
    const gated = gatedDistribution(policy, best, 'base', 0.5);
    expect(gated).toEqual({ base: 0.1 + 0.2, cool: 0.7, hot: 0 });
    expect(Object.values(gated).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
  });

  it('changes nothing at minConfidence 0', () => {
    expect(gatedDistribution(policy, best, 'base', 0)).toEqual(policy);
  });

  it('serves the baseline for a choice below the gate, and the choice otherwise', () => {
    expect(gateChoice('hot', best, 'base', 0.5)).toEqual({ armId: 'base', gated: true });
    expect(gateChoice('cool', best, 'base', 0.5)).toEqual({ armId: 'cool', gated: false });
    expect(gateChoice('base', best, 'base', 0.99)).toEqual({ armId: 'base', gated: false });
  });
});
