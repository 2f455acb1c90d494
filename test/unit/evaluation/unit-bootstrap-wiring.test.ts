import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/common/seeded-rng';
import type { DecisionLogLine } from '../../../src/contract/decision-log';
import { evaluateTaskType, repeatedUnits } from '../../../src/evaluation/task-type-evaluation';
import { created } from '../optimizer/fixture';

const policy = created().policy;

/** 40 units × 20 rows, arms 50/50; each unit has its own reward level, so rows of a unit are not independent. */
function lines(unitIds: boolean): DecisionLogLine[] {
  const rng = seededRng('units');
  const out: DecisionLogLine[] = [];
  for (let u = 0; u < 40; u++) {
    const level = rng();
    for (let k = 0; k < 20; k++) {
      const arm = rng() < 0.5 ? 'base' : 'warm';
      out.push({
        decisionId: `d-${u}-${k}`,
        taskType: 'summarize',
        timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, u * 20 + k)).toISOString(),
        context: {},
        armId: arm,
        propensity: 0.5,
        policyPropensity: 0.5,
        share: 1,
        reward: Math.min(1, Math.max(0, level + 0.05 * (rng() - 0.5))),
        served: 'policy',
        phase: 'general',
        policyVersion: '1.0',
        ...(unitIds ? { unitId: `unit-${u}` } : {}),
      });
    }
  }
  return out;
}

/** Width of the baseline's SNIPS interval: its value is the mean of unit levels, shared within a unit. */
const width = (r: ReturnType<typeof evaluateTaskType>) => {
  if (!('policies' in r)) throw new Error('no report');
  const snips = r.policies[0]!.estimates.snips;
  return snips.high - snips.low;
};

describe('the evaluation’s bootstrap and randomization units', () => {
  it('numbers units by first appearance, and says null when no unit repeats', () => {
    expect([...(repeatedUnits(['a', 'b', 'a', 'c', 'b']) ?? [])]).toEqual([0, 1, 0, 2, 1]);
    expect(repeatedUnits(['a', 'b', 'c'])).toBeNull();
  });

  // API.md "Randomization": when units repeat the intervals must resample units. Rows of one
  // unit share its reward level, so treating 800 rows as independent understates the spread.
  it('widens the interval when the rows come from 40 repeating units rather than 800 requests', () => {
    const asRequests = width(evaluateTaskType(lines(false), policy, policy));
    const asUnits = width(evaluateTaskType(lines(true), policy, policy));
    expect(asUnits).toBeGreaterThan(1.5 * asRequests);
  });
});
