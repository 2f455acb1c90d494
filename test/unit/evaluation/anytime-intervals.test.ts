import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/common/seeded-rng';
import { anytimeValueInterval } from '../../../src/evaluation/anytime-intervals';
import type { LoggedRounds } from '../../../src/evaluation/types';

/** Two arms logged 70/30; arm b pays Bernoulli(0.6). Target: always b, so V = 0.6. */
function log(seed: string, n: number, rewardScale = 1): { log: LoggedRounds; target: Float64Array } {
  const rng = seededRng(seed);
  const action = new Int32Array(n);
  const propensity = new Float64Array(n);
  const reward = new Float64Array(n);
  const target = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    action[i] = rng() < 0.3 ? 1 : 0;
    propensity[i] = action[i] === 1 ? 0.3 : 0.7;
    reward[i] = (rng() < (action[i] === 1 ? 0.6 : 0.5) ? 1 : 0) * rewardScale;
    target[2 * i + 1] = 1;
  }
  return { log: { arms: ['a', 'b'], n, action, propensity, reward }, target };
}

describe('anytime-valid value bounds (ope --anytime)', () => {
  it('covers the true value in ≥ 95 % of logs at α = 0.05, and narrows with n', () => {
    let covered = 0;
    for (let s = 0; s < 100; s++) {
      const { log: l, target } = log(`v-${s}`, 1500);
      const interval = anytimeValueInterval(l, target, 0.05)!;
      if (interval.low <= 0.6 && 0.6 <= interval.high) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(95);
    const small = log('n', 1000);
    const large = log('n', 20_000);
    const w = (x: ReturnType<typeof log>) => {
      const i = anytimeValueInterval(x.log, x.target, 0.05)!;
      return i.high - i.low;
    };
    expect(w(large)).toBeLessThan(w(small) / 2);
  });

  it('refuses rewards outside [0, 1] rather than give an invalid bound', () => {
    const { log: l, target } = log('scaled', 100, 2);
    expect(anytimeValueInterval(l, target, 0.05)).toBeNull();
  });
});
