/**
 * The guard against simulated rollouts, checked after every outcome. Independent source: the
 * simulated worlds themselves (two cohorts from one distribution ⇒ every rollback is false;
 * a treated cohort 8× slower ⇒ every rollback is right). Figures are printed for the docs.
 */
import { describe, expect, it } from 'vitest';
import { ALL_RULES, BASE, median, RELATIVE_RULES, runRollout, type World } from './simulate';

const ROLLOUTS = 500;

function rollouts(
  label: string,
  world: World,
  opts: { outcomes: number; gapMs: number; maxTreated?: number },
  settings = ALL_RULES,
) {
  return Array.from({ length: ROLLOUTS }, (_, i) => runRollout(`${label}-${i}`, world, settings, opts));
}

describe('false rollbacks: both cohorts from the same distributions', () => {
  it.each([
    ['guarded at 50 %', 0.5],
    ['canary at 5 %', 0.05],
  ])(
    '%s, 2,000 outcomes re-checked after each: ≤ 1 % of 500 rollouts roll back',
    (label, share) => {
      // 2 s apart: 2,000 outcomes span 67 minutes, so the 15-minute window slides through ~10 segments.
      const runs = rollouts(
        `null-${share}`,
        { share, treated: BASE, control: BASE },
        { outcomes: 2000, gapMs: 2000 },
      );
      const rollbacks = runs.filter((r) => r.breach !== null);
      const naive = runs.filter((r) => r.naiveAt !== null).length;
      console.info(
        `[${label}] false rollbacks ${rollbacks.length}/${ROLLOUTS} (${rollbacks.map((r) => r.breach!.rule).join(', ') || 'none'}); ` +
          `naive sample-p99 comparison would have rolled back ${naive}/${ROLLOUTS}`,
      );
      expect(rollbacks.length / ROLLOUTS).toBeLessThanOrEqual(0.01);
      // The reason for the bounds: comparing sample p99s after every outcome rolls back often.
      expect(naive / ROLLOUTS).toBeGreaterThan(0.05);
    },
    180_000,
  );
});

describe('detection: a treated cohort that is clearly worse', () => {
  const detect = (label: string, treated: World['treated'], rule: string) => {
    const world = { share: 0.05, treated, control: BASE };
    const runs = rollouts(label, world, { outcomes: 4000, gapMs: 50, maxTreated: 100 }, RELATIVE_RULES);
    const caught = runs.filter((r) => r.breach?.rule === rule && r.treated <= 100);
    const delays = caught.map((r) => r.treated);
    console.info(
      `[${label}] caught within 100 treated outcomes: ${caught.length}/${ROLLOUTS}; median ${median(delays)}, ` +
        `max ${Math.max(...delays)} treated outcomes; rules ${[...new Set(caught.map((r) => r.breach!.rule))].join(', ')}`,
    );
    return { caught: caught.length, runs };
  };

  it('p99 8× the control (every latency × 8), canary 5 %: caught within 100 treated outcomes in ≥ 99 %', () => {
    const slow = { ...BASE, latencyMedianMs: 8 * BASE.latencyMedianMs };
    const { caught, runs } = detect('gross-latency', slow, 'latency-p99-relative');
    expect(caught / ROLLOUTS).toBeGreaterThanOrEqual(0.99);
    // The breach event names the metric, both cohorts' values, the threshold and the sample sizes.
    const breach = runs.find((r) => r.breach)!.breach!;
    expect(breach.metric).toBe('latencyP99Ms');
    expect(breach.treated).toBeGreaterThan(breach.threshold!);
    expect(breach.n.treated).toBeGreaterThanOrEqual(20);
    expect(breach.control).not.toBeNull();
  }, 180_000);

  it('quality 0.2 lower (Beta(3, 2) vs Beta(8, 2)): caught within 100 treated outcomes in ≥ 99 %', () => {
    const { caught } = detect('gross-quality', { ...BASE, qualityA: 3, qualityB: 2 }, 'quality-relative');
    expect(caught / ROLLOUTS).toBeGreaterThanOrEqual(0.99);
  }, 180_000);

  it('error rate 20 % against errorRateMax 2 %: caught within 100 treated outcomes in ≥ 99 %', () => {
    const { caught } = detect('gross-errors', { ...BASE, errorRate: 0.2 }, 'error-rate');
    expect(caught / ROLLOUTS).toBeGreaterThanOrEqual(0.99);
  }, 180_000);
});
