import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseArm, withExplorationFloor } from '../../../src/bandit/exploration';
import type { ThompsonDraws } from '../../../src/bandit/thompson-draws';
import { seededRng } from '../../../src/common/seeded-rng';

/** Synthetic draws with the given win counts, winners laid out in blocks. */
function drawsWith(wins: number[]): ThompsonDraws {
  const winners = new Uint16Array(wins.reduce((s, w) => s + w, 0));
  let j = 0;
  wins.forEach((w, arm) => {
    for (let k = 0; k < w; k++) winners[j++] = arm;
  });
  return { winners, wins };
}

describe('withExplorationFloor', () => {
  it('mixes in ε-uniform over eligible arms (worked by hand)', () => {
    // 0.9·[0.6, 0.4, 0] + 0.1/3 on each of the three eligible arms; the fourth is ineligible.
    const pi = withExplorationFloor([0.6, 0.4, 0, 0], 0.1, [true, true, true, false]);
    expect(pi[0]).toBeCloseTo(0.54 + 0.1 / 3, 12);
    expect(pi[1]).toBeCloseTo(0.36 + 0.1 / 3, 12);
    expect(pi[2]).toBeCloseTo(0.1 / 3, 12);
    expect(pi[3]).toBe(0);
  });

  it('sums to 1 and floors every eligible arm at ε/K', () => {
    const cases = fc
      .array(fc.record({ weight: fc.double({ min: 0, max: 1, noNaN: true }), eligible: fc.boolean() }), {
        minLength: 1,
        maxLength: 12,
      })
      .filter((arms) => arms.some((a) => a.eligible && a.weight > 0));
    fc.assert(
      fc.property(cases, fc.double({ min: 0, max: 1, noNaN: true }), (arms, epsilon) => {
        const eligible = arms.map((a) => a.eligible);
        const raw = arms.map((a) => (a.eligible ? a.weight : 0));
        const total = raw.reduce((s, w) => s + w, 0);
        const pi = withExplorationFloor(
          raw.map((w) => w / total),
          epsilon,
          eligible,
        );
        const k = eligible.filter(Boolean).length;
        expect(Math.abs(pi.reduce((s, p) => s + p, 0) - 1)).toBeLessThan(1e-9);
        pi.forEach((p, i) => {
          if (eligible[i]) expect(p).toBeGreaterThanOrEqual(epsilon / k - 1e-15);
          else expect(p).toBe(0);
        });
      }),
    );
  });

  it('refuses policy mass on an ineligible arm, a policy not summing to 1, and ε outside [0, 1]', () => {
    expect(() => withExplorationFloor([0.5, 0.5], 0.1, [true, false])).toThrow(RangeError);
    expect(() => withExplorationFloor([0.5, 0.4], 0.1, [true, true])).toThrow(RangeError);
    expect(() => withExplorationFloor([1, 0], 1.5, [true, true])).toThrow(RangeError);
    expect(() => withExplorationFloor([0, 0], 0.1, [false, false])).toThrow(RangeError);
  });
});

describe('chooseArm', () => {
  it('serves each arm with the frequency it reports as its probability (50k seeds)', () => {
    const draws = drawsWith([600, 300, 100, 0, 0]);
    const eligible = [true, true, true, true, false];
    const epsilon = 0.1;
    // Closed form: 0.9·wins/M + 0.1/4 ⇒ [0.565, 0.295, 0.115, 0.025, 0].
    const expected = [0.565, 0.295, 0.115, 0.025, 0];
    const trials = 50_000;
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < trials; i++) {
      const choice = chooseArm(seededRng(`choose-${i}`), draws, epsilon, eligible);
      expect(choice.probability).toBeCloseTo(expected[choice.armIndex]!, 12);
      counts[choice.armIndex]! += 1;
    }
    expected.forEach((p, arm) => {
      expect(Math.abs(counts[arm]! / trials - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / trials));
    });
  });

  it('is reproducible: the same seed gives the same arm', () => {
    const draws = drawsWith([5, 3, 2]);
    const eligible = [true, true, true];
    for (let i = 0; i < 20; i++) {
      expect(chooseArm(seededRng(`r${i}`), draws, 0.05, eligible)).toEqual(
        chooseArm(seededRng(`r${i}`), draws, 0.05, eligible),
      );
    }
  });

  it('serves only the draw winners when ε = 0, with probability wins/M', () => {
    const draws = drawsWith([0, 7, 3]);
    for (let i = 0; i < 200; i++) {
      const choice = chooseArm(seededRng(i), draws, 0, [true, true, true]);
      expect(choice.armIndex).not.toBe(0);
      expect(choice.probability).toBeCloseTo(choice.armIndex === 1 ? 0.7 : 0.3, 12);
    }
  });

  it('refuses draws whose winner has become ineligible', () => {
    expect(() => chooseArm(seededRng(1), drawsWith([4, 6]), 0.05, [true, false])).toThrow(RangeError);
  });
});
