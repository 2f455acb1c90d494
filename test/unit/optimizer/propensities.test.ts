import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rng } from '../../../src/common/seeded-rng';
import { recommend } from '../../../src/optimizer/recommend';
import type { PolicyDecision } from '../../../src/policies/policy';
import { configOf, created } from './fixture';

/** A policy with fixed probabilities π, independent of the context. */
function fixedPolicy(probabilities: number[]): (rng: Rng) => PolicyDecision {
  return () => ({
    probabilities,
    probabilityBest: probabilities,
    pick: (rng) => {
      const u = rng();
      let acc = 0;
      for (let i = 0; i < probabilities.length; i++) {
        acc += probabilities[i]!;
        if (u < acc) return i;
      }
      return probabilities.length - 1;
    },
  });
}

const policy = created(configOf({ policy: { kind: 'thompson-gaussian', epsilon: 0 } })).policy;
const serve = (share: number, pi: number[], seed: number, minConfidence = 0) =>
  recommend(
    policy,
    fixedPolicy(pi),
    // one fixed LLM seed on every call, as many agents send: the request id keys the choice
    { taskType: 'summarize', context: {}, seed: 42, requestId: `r${seed}` },
    {
      decisionId: `d${seed}`,
      entropy: 'e',
      share,
      minConfidence,
      phase: 'canary',
    },
  ).response;

describe('logged propensities', () => {
  it('log b(a) = (1−τ)·1[a = baseline] + τ·π(a) for whichever arm is served', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer(),
        (share, p, seed) => {
          const r = serve(share, [1 - p, p], seed);
          const pi = r.armId === 'base' ? 1 - p : p;
          const expected = (1 - share) * (r.armId === 'base' ? 1 : 0) + share * pi;
          expect(r.propensity).toBeCloseTo(Math.min(1, expected), 12);
        },
      ),
    );
  });

  it('serve each arm about as often as its logged propensity says (4000 request ids, one fixed seed)', () => {
    const share = 0.4;
    const n = 4000;
    let warm = 0;
    for (let seed = 0; seed < n; seed++) if (serve(share, [0.3, 0.7], seed).armId === 'warm') warm += 1;
    // b(warm) = 0.4 · 0.7 = 0.28; 4 standard errors of a binomial proportion at n = 4000 ≈ 0.028.
    expect(Math.abs(warm / n - 0.28)).toBeLessThan(4 * Math.sqrt((0.28 * 0.72) / n));
  });

  it('serve the baseline with propensity 1 at τ = 0 and log the policy choice as a shadow', () => {
    const r = serve(0, [0, 1], 7);
    expect([r.armId, r.propensity, r.served, r.shadow?.armId]).toEqual(['base', 1, 'baseline', 'warm']);
  });

  it('move the mass of a choice below the confidence gate onto the baseline', () => {
    // π(warm) = 0.7 < minConfidence 0.8: the policy cohort is always served the baseline.
    const r = serve(1, [0.3, 0.7], 3, 0.8);
    expect([r.armId, r.propensity]).toEqual(['base', 1]);
  });

  it('log as policyPropensity the gated π the policy cohort was served from when the confidence gate is on', () => {
    // The fixed policy's P(best) is its π (0.7 for warm): below minConfidence 0.99 the gate moves
    // warm's mass to the baseline, so the cohort is served base with probability 1 (the first
    // release logged the ungated π(base) = 0.3).
    const r = serve(1, [0.3, 0.7], 3, 0.99);
    expect(r.armId).toBe('base');
    expect(r.policyPropensity).toBeCloseTo(1, 12);
    expect(r.propensity).toBeCloseTo(1, 12);
  });
});
