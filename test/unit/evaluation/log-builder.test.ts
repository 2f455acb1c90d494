import { describe, expect, it } from 'vitest';
import { LogBuilder } from '../../../src/evaluation/log-builder';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({
    decisionId: 'd',
    taskType: 't',
    timestamp: '2026-11-23T10:00:00.000Z',
    context: { tokens: 10 },
    armId: 'b',
    propensity: 0.5,
    reward: 1,
    ...fields,
  });

describe('log builder', () => {
  it('sorts the arms found in the file and counts lines without a reward', () => {
    const builder = new LogBuilder();
    builder.addLine(line({ armId: 'c' }), 1);
    builder.addLine(line({ armId: 'a', reward: null }), 2);
    builder.addLine('', 3);
    builder.addLine(line({ armId: 'b', reward: 0.25 }), 4);
    const log = builder.finish();
    // 'a' only appears on a reward-less line, yet it is one of the file's arms
    expect(log.arms).toEqual(['a', 'b', 'c']);
    expect(log.n).toBe(2);
    expect(log.missingRewards).toBe(1);
    expect([...log.action]).toEqual([2, 1]);
    expect([...log.reward]).toEqual([1, 0.25]);
  });

  it('uses supplied q̂ only when every row has every arm', () => {
    const full = new LogBuilder(['a', 'b']);
    full.addLine(line({ expectedRewards: { a: 0.1, b: 0.2, other: 9 } }), 1);
    full.addLine(line({ expectedRewards: { b: 0.4, a: 0.3 } }), 2);
    expect([...full.finish().suppliedExpectedRewards!]).toEqual([0.1, 0.2, 0.3, 0.4]);
    const partial = new LogBuilder(['a', 'b']);
    partial.addLine(line({ expectedRewards: { a: 0.1, b: 0.2 } }), 1);
    partial.addLine(line({ expectedRewards: { a: 0.3 } }), 2);
    expect(partial.finish().suppliedExpectedRewards).toBeNull();
  });

  it('names the line of invalid JSON, of a schema violation and of an unknown arm', () => {
    const builder = new LogBuilder(['a', 'b']);
    expect(builder.addLine('{"decisionId":', 7)).toEqual({
      ok: false,
      message: expect.stringMatching(/^line 7: not valid JSON/),
    });
    expect(builder.addLine(line({ propensity: 0 }), 8)).toEqual({
      ok: false,
      message: expect.stringMatching(/^line 8: propensity/),
    });
    expect(builder.addLine(line({ armId: 'z' }), 9)).toEqual({
      ok: false,
      message: 'line 9: armId "z" is not among the arms',
    });
  });
});
