import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/common/seeded-rng';
import { estimatePolicy } from '../../../src/evaluation/estimate-policy';
import { policyMatrix, type TargetPolicy } from '../../../src/evaluation/target-policy';
import type { LoggedRounds } from '../../../src/evaluation/types';

/** A random distribution over k arms, each arm at least `floor`. */
const distribution = (k: number, floor: number) =>
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: k, maxLength: k }).map((raw) => {
    const total = raw.reduce((a, b) => a + b, 0);
    return raw.map((v) => floor + (1 - k * floor) * (total > 0 ? v / total : 1 / k));
  });

/** An arbitrary small log with q̂ and a per-row target distribution. */
const arbitraryLog = fc.integer({ min: 2, max: 4 }).chain((k) =>
  fc
    .array(
      fc.record({
        action: fc.integer({ min: 0, max: k - 1 }),
        propensity: fc.double({ min: 0.01, max: 1, noNaN: true }),
        reward: fc.double({ min: -1, max: 2, noNaN: true }),
        qHat: fc.array(fc.double({ min: -1, max: 2, noNaN: true }), { minLength: k, maxLength: k }),
        target: distribution(k, 0.01),
      }),
      { minLength: 1, maxLength: 30 },
    )
    .map((rows) => ({ k, rows })),
);

function build({
  k,
  rows,
}: {
  k: number;
  rows: { action: number; propensity: number; reward: number; qHat: number[]; target: number[] }[];
}) {
  const log: LoggedRounds = {
    arms: Array.from({ length: k }, (_, i) => `arm${i}`),
    n: rows.length,
    action: Int32Array.from(rows.map((r) => r.action)),
    propensity: Float64Array.from(rows.map((r) => r.propensity)),
    reward: Float64Array.from(rows.map((r) => r.reward)),
  };
  const table: TargetPolicy = {
    name: 'table',
    actionProbabilities: (i) => Float64Array.from(rows[i]!.target),
  };
  return {
    log,
    qHat: Float64Array.from(rows.flatMap((r) => r.qHat)),
    pi: policyMatrix(table, rows.length, k),
  };
}

describe('estimator properties', () => {
  it('SNIPS stays within the range of the observed rewards', () => {
    fc.assert(
      fc.property(arbitraryLog, (input) => {
        const { log, qHat, pi } = build(input);
        const snips = estimatePolicy(log, pi, qHat).estimators.snips.value;
        const rewards = [...log.reward];
        const slack = 1e-12 * (1 + Math.max(...rewards.map(Math.abs)));
        expect(snips).toBeGreaterThanOrEqual(Math.min(...rewards) - slack);
        expect(snips).toBeLessThanOrEqual(Math.max(...rewards) + slack);
      }),
    );
  });

  it('DR equals IPS when the reward model is zero everywhere', () => {
    fc.assert(
      fc.property(arbitraryLog, (input) => {
        const { log, pi } = build(input);
        const { estimators } = estimatePolicy(log, pi, new Float64Array(log.n * input.k));
        // + 0 folds −0 into 0: w·(−0) and 0 + w·(−0) differ only in the sign of zero.
        const plain = (values: Float64Array) => [...values].map((v) => v + 0);
        expect(plain(estimators.dr.contributions)).toEqual(plain(estimators.ips.contributions));
      }),
    );
  });

  it('DR, SNDR and Switch-DR equal DM when every reward equals q̂ of the served arm', () => {
    fc.assert(
      fc.property(arbitraryLog, (input) => {
        const { log, qHat, pi } = build(input);
        for (let i = 0; i < log.n; i++) log.reward[i] = qHat[i * input.k + log.action[i]!]!;
        const { estimators } = estimatePolicy(log, pi, qHat);
        for (const name of ['dr', 'sndr', 'switchDr'] as const) {
          expect(estimators[name].value).toBeCloseTo(estimators.dm.value, 12);
        }
      }),
    );
  });

  it('Switch-DR is DR when λ exceeds every weight and DM when λ is below every weight', () => {
    fc.assert(
      fc.property(arbitraryLog, (input) => {
        const { log, qHat, pi } = build(input);
        const high = estimatePolicy(log, pi, qHat, Number.POSITIVE_INFINITY).estimators;
        expect(high.switchDr.value).toBe(high.dr.value);
        // every target probability is ≥ 0.01 and propensities ≤ 1, so all weights ≥ 0.01
        const low = estimatePolicy(log, pi, qHat, 0.005).estimators;
        expect(low.switchDr.value).toBeCloseTo(low.dm.value, 12);
      }),
    );
  });

  // Independent source: the closed-form value of the target on a simulated world, V =
  // mean over contexts of Σₐ π(a|x) μ(x,a). IPS is unbiased when propensities are exact,
  // so the average over many simulated logs must land within a few standard errors of V.
  it('IPS is unbiased on simulated logs with known truth', () => {
    const world = fc.record({
      contexts: fc.integer({ min: 1, max: 4 }),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(world, ({ contexts, seed }) => {
        const k = 3;
        const rng = seededRng(`world:${seed}`);
        const logging = Array.from({ length: contexts }, () => randomDistribution(rng, k, 0.1));
        const target = Array.from({ length: contexts }, () => randomDistribution(rng, k, 0));
        const means = Array.from({ length: contexts }, () => Array.from({ length: k }, () => rng()));
        const truth =
          means.reduce((sum, mu, x) => sum + mu.reduce((s, m, a) => s + target[x]![a]! * m, 0), 0) / contexts;
        const logs = 300;
        const estimates = Array.from({ length: logs }, () => {
          const n = 100;
          const context = Int32Array.from({ length: n }, () => Math.floor(rng() * contexts));
          const action = context.map((x) => pick(rng, logging[x]!));
          const log: LoggedRounds = {
            arms: ['a', 'b', 'c'],
            n,
            action,
            propensity: Float64Array.from(action, (a, i) => logging[context[i]!]![a]!),
            reward: Float64Array.from(action, (a, i) => (rng() < means[context[i]!]![a]! ? 1 : 0)),
          };
          // The target as a per-context probability table: a learned policy's shape.
          const policy: TargetPolicy = {
            name: 'learned',
            actionProbabilities: (i) => Float64Array.from(target[context[i]!]!),
          };
          return estimatePolicy(log, policyMatrix(policy, n, k), new Float64Array(n * k)).estimators.ips
            .value;
        });
        const mean = estimates.reduce((a, b) => a + b, 0) / logs;
        const sd = Math.sqrt(estimates.reduce((s, v) => s + (v - mean) ** 2, 0) / (logs - 1));
        // 5 standard errors: a false alarm once in ~2 million worlds.
        expect(Math.abs(mean - truth)).toBeLessThan((5 * sd) / Math.sqrt(logs) + 1e-9);
      }),
      { numRuns: 25 },
    );
  });
});

function randomDistribution(rng: () => number, k: number, floor: number): number[] {
  const raw = Array.from({ length: k }, () => rng());
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => floor + (1 - k * floor) * (v / total));
}

function pick(rng: () => number, probabilities: number[]): number {
  let u = rng();
  for (let a = 0; a < probabilities.length - 1; a++) {
    if (u < probabilities[a]!) return a;
    u -= probabilities[a]!;
  }
  return probabilities.length - 1;
}
