import { describe, expect, it } from 'vitest';
import { sketchQuantile } from '../../../src/common/ddsketch';
import {
  addOutcome,
  type Cohort,
  cohortOf,
  emptySloWindow,
  type OutcomeSample,
  windowView,
  withMergedView,
} from '../../../src/rollout/slo-window';

const MIN = 60_000;
const settings = { windowMs: 15 * MIN, bucketMs: 5 * MIN, sketchAlpha: 0.01 };

function fill(events: [number, Cohort, OutcomeSample][]) {
  return events.reduce((w, [t, c, s]) => addOutcome(w, c, s, t), emptySloWindow(settings));
}

describe('SLO window', () => {
  it('maps served "policy" to treated and "baseline" to control', () => {
    expect(cohortOf('policy')).toBe('treated');
    expect(cohortOf('baseline')).toBe('control');
  });

  it('counts each field of a partial outcome on its own', () => {
    const w = fill([
      [0, 'treated', { latencyMs: 100, success: true }],
      [1, 'treated', { quality: 0.5 }],
      [2, 'treated', { success: false }],
      [3, 'control', { latencyMs: 50 }],
    ]);
    const v = windowView(w, 10);
    expect(v.treated.latency.count).toBe(1);
    expect(v.treated.quality).toEqual({ n: 1, mean: 0.5, m2: 0 });
    expect([v.treated.calls, v.treated.errors]).toEqual([2, 1]);
    expect(v.control.latency.count).toBe(1);
  });

  it('covers the last windowMs in whole buckets and drops what is older', () => {
    const w = fill([
      [0, 'treated', { latencyMs: 1000 }],
      [6 * MIN, 'treated', { latencyMs: 10 }],
      [11 * MIN, 'treated', { latencyMs: 20 }],
    ]);
    // At 14 min the buckets [0, 5), [5, 10), [10, 15) are all in.
    expect(windowView(w, 14 * MIN)).toMatchObject({ fromMs: 0, oldestDataMs: 0 });
    expect(windowView(w, 14 * MIN).treated.latency.count).toBe(3);
    // At 15 min the window is [5, 20): the 1000 ms outcome has left.
    const later = windowView(w, 15 * MIN);
    expect(later).toMatchObject({ fromMs: 5 * MIN, oldestDataMs: 5 * MIN });
    expect(later.treated.latency.count).toBe(2);
    expect(sketchQuantile(later.treated.latency, 1)).toBe(20);
  });

  it('keeps its cached merge equal to merging the buckets from scratch', () => {
    const events: [number, Cohort, OutcomeSample][] = Array.from({ length: 300 }, (_, i) => [
      i * 7_000,
      i % 3 === 0 ? 'treated' : 'control',
      { latencyMs: 50 + ((i * 37) % 400), quality: (i % 10) / 10, success: i % 17 !== 0 },
    ]);
    const w = fill(events);
    const scratch = withMergedView(w).merged;
    const view = windowView(w, 299 * 7_000);
    for (const cohort of ['treated', 'control'] as const) {
      for (const got of [w.merged[cohort], view[cohort]]) {
        // Sketches and counts add exactly; Welford and Chan round differently in the last bits.
        expect(got.latency).toEqual(scratch[cohort].latency);
        expect([got.calls, got.errors, got.quality.n]).toEqual([
          scratch[cohort].calls,
          scratch[cohort].errors,
          scratch[cohort].quality.n,
        ]);
        expect(got.quality.mean).toBeCloseTo(scratch[cohort].quality.mean, 12);
        expect(got.quality.m2).toBeCloseTo(scratch[cohort].quality.m2, 9);
      }
    }
  });
});
