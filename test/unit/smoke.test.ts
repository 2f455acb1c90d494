import { describe, expect, it } from 'vitest';
import { DecisionLogLine } from '../../src/contract/decision-log';

describe('decision log line', () => {
  it('refuses a zero propensity', () => {
    const line = { decisionId: 'd', taskType: 't', timestamp: 'x', context: {}, armId: 'a', propensity: 0, reward: null };
    expect(DecisionLogLine.safeParse(line).success).toBe(false);
  });
});
