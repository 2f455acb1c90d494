import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MetricsReport } from '../../../src/metrics/metrics-report';
import { armCostUsd, budgetUsedRatio } from '../../../src/metrics/metrics-report';
import { renderPrometheus } from '../../../src/metrics/prometheus-text';
import { parsePrometheusText } from '../../support/prometheus-parse';

const report = (taskType: string, over: Partial<MetricsReport> = {}): MetricsReport => ({
  taskType,
  reportedAtMs: 1_000,
  phase: 'canary',
  recommendations: [
    { armId: 'base', served: 'baseline', count: 7 },
    { armId: 'cool', served: 'policy', count: 3 },
  ],
  outcomes: 9,
  costUsdByArm: { base: 0.5, cool: 0 },
  budgetUsedRatio: 0.25,
  ...over,
});

describe('renderPrometheus', () => {
  it('writes every family with HELP and TYPE and one sample per label set', () => {
    const text = renderPrometheus([report('b'), report('a')], [], 1_000);
    const families = parsePrometheusText(text);
    expect(families.get('tuneloop_recommendations_total')?.type).toBe('counter');
    expect(families.get('tuneloop_phase')?.type).toBe('gauge');
    const recs = families.get('tuneloop_recommendations_total')!.samples;
    expect(recs).toContainEqual({ labels: { task_type: 'a', arm: 'cool', served: 'policy' }, value: 3 });
    expect(recs).toHaveLength(4);
    const phase = families.get('tuneloop_phase')!.samples.filter((s) => s.labels.task_type === 'a');
    expect(phase.map((s) => [s.labels.phase, s.value])).toEqual([
      ['shadow', 0],
      ['canary', 1],
      ['guarded', 0],
      ['general', 0],
    ]);
    expect(families.get('tuneloop_cost_usd_total')!.samples).toContainEqual({
      labels: { task_type: 'b', arm: 'base' },
      value: 0.5,
    });
  });

  it('adds the time since an outbox report to its lag, and reports 0 for an empty outbox', () => {
    const text = renderPrometheus(
      [],
      [
        { taskType: 'late', reportedAtMs: 10_000, oldestAgeMs: 2_000 },
        { taskType: 'idle', reportedAtMs: 10_000, oldestAgeMs: null },
      ],
      13_000,
    );
    const lag = parsePrometheusText(text).get('tuneloop_outbox_lag_seconds')!.samples;
    expect(lag).toEqual([
      { labels: { task_type: 'idle' }, value: 0 },
      { labels: { task_type: 'late' }, value: 5 },
    ]);
  });

  it('leaves the budget gauge out for a task type without a budget', () => {
    const text = renderPrometheus([report('free', { budgetUsedRatio: null })], [], 0);
    expect(parsePrometheusText(text).get('tuneloop_budget_used_ratio')!.samples).toEqual([]);
  });

  it('round-trips any task type and arm name through label escaping', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (taskType, armId) => {
        const text = renderPrometheus(
          [report(taskType, { recommendations: [{ armId, served: 'policy', count: 2 }] })],
          [],
          0,
        );
        const recs = parsePrometheusText(text).get('tuneloop_recommendations_total')!.samples;
        expect(recs).toEqual([{ labels: { task_type: taskType, arm: armId, served: 'policy' }, value: 2 }]);
      }),
    );
  });
});

describe('figures read from a status', () => {
  it('takes used budget as spent plus reserved over the limit, null without a limit', () => {
    expect(budgetUsedRatio({ limitTokens: 1000, spentTokens: 200, reservedTokens: 50 })).toBe(0.25);
    expect(budgetUsedRatio({ limitTokens: null, spentTokens: 200, reservedTokens: 50 })).toBeNull();
  });

  it('reads an arm cost total when given, else mean times count, else 0', () => {
    expect(armCostUsd({ costUsdTotal: 1.5 })).toBe(1.5);
    expect(armCostUsd({ meanCostUsd: 0.01, rewards: 30 })).toBeCloseTo(0.3, 12);
    expect(armCostUsd({ armId: 'x' })).toBe(0);
  });
});
