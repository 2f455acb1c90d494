import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/common/seeded-rng';
import { designMatrix } from '../../../src/evaluation/design-matrix';
import { fitRewardModel } from '../../../src/evaluation/reward-model';
import { solveRidge } from '../../../src/evaluation/ridge';
import { SparseFeatureBuilder } from '../../../src/evaluation/sparse-features';
import type { LoggedRounds } from '../../../src/evaluation/types';

describe('context encoding', () => {
  it('encodes numbers as-is, booleans 0/1, strings one-hot and tags as indicators', () => {
    const builder = new SparseFeatureBuilder();
    builder.addRow({ tokens: 150, urgent: true, lang: 'ts', tags: ['diff', 'test', 'diff'] });
    builder.addRow({ lang: 'py', urgent: false });
    const f = builder.finish();
    expect(f.columnNames).toEqual(['tokens', 'urgent', 'lang=ts', 'tags[]=diff', 'tags[]=test', 'lang=py']);
    expect([...f.rowStart]).toEqual([0, 5, 7]);
    expect([...f.column]).toEqual([0, 1, 2, 3, 4, 5, 1]);
    expect([...f.value]).toEqual([150, 1, 1, 1, 1, 1, 0]);
  });

  it('keeps the most frequent columns and drops constant ones', () => {
    const builder = new SparseFeatureBuilder();
    for (let i = 0; i < 10; i++) builder.addRow({ always: 1, often: i % 2, rare: i === 0 ? 'x' : 'y' });
    const x = designMatrix(builder.finish(), 2);
    // 'always' is constant (no variance) and dropped; 'often' (10 entries) beats rare=x (1)
    // and rare=y (9); with room for two features: often and rare=y.
    expect(x.d).toBe(3);
  });
});

describe('ridge solve', () => {
  // Hand-solved: A = [[2, 1], [1, 3]], b = [3, 5], λ on the second coordinate only:
  // [[2, 1], [1, 3 + 1]] β = [3, 5] → β = [1, 1] (2 + 1 = 3, 1 + 4 = 5).
  it('solves the penalised normal equations, leaving the intercept unshrunk', () => {
    const beta = solveRidge(Float64Array.from([2, 1, 1, 3]), Float64Array.from([3, 5]), 2, 1);
    expect(beta![0]).toBeCloseTo(1, 14);
    expect(beta![1]).toBeCloseTo(1, 14);
  });

  it('reports a singular system (no training rows) as null', () => {
    expect(solveRidge(new Float64Array(4), new Float64Array(2), 2, 1)).toBeNull();
  });
});

function linearWorld(n: number, seed: string) {
  const rng = seededRng(seed);
  const builder = new SparseFeatureBuilder();
  const action = new Int32Array(n);
  const reward = new Float64Array(n);
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng() * 10;
    xs.push(x);
    builder.addRow({ x, flag: i % 3 === 0 });
    action[i] = i % 2;
    // arm 0: 0.2 + 0.05x; arm 1: 0.9 − 0.03x + 0.1·flag (exactly linear, no noise)
    reward[i] = action[i] === 0 ? 0.2 + 0.05 * x : 0.9 - 0.03 * x + (i % 3 === 0 ? 0.1 : 0);
  }
  const log: LoggedRounds = {
    arms: ['a', 'b'],
    n,
    action,
    propensity: new Float64Array(n).fill(0.5),
    reward,
  };
  return { log, features: builder.finish(), xs };
}

describe('cross-fitted reward model', () => {
  // Expected: the generating linear functions; with noise-free rewards and a small ridge
  // penalty, q̂ must recover them for both arms, including the arm not served on a row.
  it('recovers a noise-free linear reward per arm', () => {
    const { log, features, xs } = linearWorld(400, 'linear');
    const q = fitRewardModel(log, features, { folds: 5, lambda: 1e-6, maxFeatures: 256 });
    for (let i = 0; i < log.n; i++) {
      expect(q[i * 2]).toBeCloseTo(0.2 + 0.05 * xs[i]!, 6);
      expect(q[i * 2 + 1]).toBeCloseTo(0.9 - 0.03 * xs[i]! + (i % 3 === 0 ? 0.1 : 0), 6);
    }
  });

  it("never lets a row's own reward into its prediction", () => {
    const { log, features } = linearWorld(200, 'held-out');
    const before = fitRewardModel(log, features);
    log.reward[17] = 100;
    const after = fitRewardModel(log, features);
    // Row 17 (arm b, fold 2): its fold's model is trained without it, so only round-off from
    // "total minus fold" statistics may move; row 18's fold model sees the 100 and moves far.
    expect(after[17 * 2 + 1]).toBeCloseTo(before[17 * 2 + 1]!, 12);
    expect(Math.abs(after[18 * 2 + 1]! - before[18 * 2 + 1]!)).toBeGreaterThan(0.01);
  });

  it('falls back to the mean reward for an arm with no training rows', () => {
    const { log, features } = linearWorld(50, 'fallback');
    const onlyA = { ...log, arms: ['a', 'b', 'c'] };
    const q = fitRewardModel(onlyA, features, { folds: 5, lambda: 1, maxFeatures: 256 });
    const trainingMean = (f: number) => {
      const rows = [...log.reward].filter((_, i) => i % 5 !== f);
      return rows.reduce((a, b) => a + b, 0) / rows.length;
    };
    expect(q[0 * 3 + 2]).toBeCloseTo(trainingMean(0), 12);
    expect(q[3 * 3 + 2]).toBeCloseTo(trainingMean(3), 12);
  });
});
