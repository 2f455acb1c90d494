import { describe, expect, it } from 'vitest';
import { parseRoutingArgs } from '../../../bench/routing-args';
import { type ArmOutcome, measure, type Question, subjectsHalf } from '../../../bench/routing-data';

const outcome = (reward: number, costUsd = 0, quality = 1): ArmOutcome => ({
  quality,
  costUsd,
  reward,
  promptTokens: 10,
  completionTokens: 1,
});
const q = (subject: string, gpt4: ArmOutcome, mixtral: ArmOutcome): Question => ({
  subject,
  id: `${subject}-${Math.random()}`,
  outcomes: { gpt4, mixtral },
});

describe("the routing bench's measures (DESIGN §11)", () => {
  // Subject a: GPT-4 wins (rewards 1 vs 0); subject b: Mixtral wins (0.5 vs 0.9).
  const questions = [
    q('a', outcome(1, 2), outcome(0, 0.1, 0)),
    q('a', outcome(1, 2), outcome(0, 0.1, 0)),
    q('b', outcome(0.5, 2), outcome(0.9, 0.1)),
    q('b', outcome(0.5, 2), outcome(0.9, 0.1)),
  ];

  it('scores gain captured against the best fixed arm and the per-subject oracle, by hand', () => {
    // fixed: GPT-4 (1 + 1 + 0.5 + 0.5)/4 = 0.75, Mixtral (0 + 0 + 0.9 + 0.9)/4 = 0.45; oracle (2 + 1.8)/4 = 0.95
    // served gpt4, mixtral, mixtral, mixtral: (1 + 0 + 0.9 + 0.9)/4 = 0.7 → (0.7 − 0.75)/(0.95 − 0.75) = −25 %
    const m = measure(questions, ['gpt4', 'mixtral', 'mixtral', 'mixtral']);
    expect(m.bestFixed).toBeCloseTo(0.75, 12);
    expect(m.oracle).toBeCloseTo(0.95, 12);
    expect(m.rewardPerQuestion).toBeCloseTo(0.7, 12);
    expect(m.gainCaptured).toBeCloseTo(-0.25, 12);
    // cost: (2 + 0.1·3)/8 of always-GPT-4; accuracy: 2 correct of always-GPT-4's 4
    expect(m.costSaved).toBeCloseTo(1 - 2.3 / 8, 12);
    expect(m.accuracyKept).toBeCloseTo(3 / 4, 12);
    expect(m.baselineShare).toBe(0.25);
    // serving the oracle's arm everywhere captures all of its gain
    expect(measure(questions, ['gpt4', 'gpt4', 'mixtral', 'mixtral']).gainCaptured).toBeCloseTo(1, 12);
  });

  it('keeps every other subject, sorted, for choosing on one half and checking on the other', () => {
    const three = [...questions, q('c', outcome(1), outcome(1))];
    expect(new Set(subjectsHalf(three, 'even').map((x) => x.subject))).toEqual(new Set(['a', 'c']));
    expect(new Set(subjectsHalf(three, 'odd').map((x) => x.subject))).toEqual(new Set(['b']));
    expect(subjectsHalf(three, null)).toHaveLength(5);
  });

  it('reads the flags, and refuses one it does not know', () => {
    const o = parseRoutingArgs(
      ['data.jsonl', '--orders', '3', '--half', 'odd', '--price', 'gpt4=5/15', '--cost-ref', '0.02'],
      {},
    );
    expect(o).toMatchObject({ data: 'data.jsonl', orders: 3, half: 'odd' });
    expect(o.scoring.prices.gpt4).toEqual({ inputUsdPerMTok: 5, outputUsdPerMTok: 15 });
    expect(o.scoring.reward.costRefUsd).toBe(0.02);
    expect(() => parseRoutingArgs(['--half', 'third'], {})).toThrow(/--half/);
    expect(() => parseRoutingArgs(['--fast'], {})).toThrow(/unknown flag/);
  });
});
