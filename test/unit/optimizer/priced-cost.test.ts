import { describe, expect, it } from 'vitest';
import { nigPosterior } from '../../../src/bandit/nig-posterior';
import { drawWinners } from '../../../src/bandit/thompson-draws';
import { seededRng } from '../../../src/common/seeded-rng';
import { outcomeStep } from '../../../src/optimizer/outcome-step';
import { policyStatistics, requestPolicy } from '../../../src/optimizer/policy-decision';
import { priorOf } from '../../../src/optimizer/policy-state';
import { thompsonDrawsFor } from '../../../src/optimizer/recommend';
import type { TaskTypeState } from '../../../src/optimizer/task-type-state';
import { warmStartStep } from '../../../src/optimizer/warm-start-step';
import { configOf, created, deepFreeze, pendingDecision, T0 } from './fixture';

/** Two arms on different models, priced; reward = quality − cost / $0.01 (the routing bench's). */
const pricedConfig = (costModel?: 'priced' | 'learned') =>
  configOf({
    arms: [
      { id: 'base', params: { model: 'big', temperature: 0, maxTokens: 10 } },
      { id: 'warm', params: { model: 'small', temperature: 0, maxTokens: 10 } },
    ],
    pricing: {
      big: { inputUsdPerMTok: 10, outputUsdPerMTok: 30 },
      small: { inputUsdPerMTok: 0.6, outputUsdPerMTok: 0.6 },
    },
    reward: { weights: { quality: 1, latency: 0, tokens: 0, cost: 1 }, costRefUsd: 0.01 },
    policy: { kind: 'thompson-gaussian', ...(costModel ? { costModel } : {}) },
  });

const pending = (armId: string, decisionId = 'd1') => pendingDecision({ armId, decisionId });

const answer = (s: TaskTypeState, armId: string, quality: number, id = 'd1') =>
  outcomeStep(
    s,
    {
      outcome: { decisionId: id, quality, promptTokens: 200, completionTokens: 2, success: true },
      pending: pending(armId, id),
      reservedTokens: 0,
    },
    T0 + 1000,
  );

describe("costModel 'priced': the posterior learns the reward before cost, draws pay the expected cost", () => {
  it('learns both the reward and the reward before its cost term (hand computed)', () => {
    const s = deepFreeze(created(pricedConfig('priced')));
    const { reply, next } = answer(s, 'base', 1);
    // cost (200·10 + 2·30)/10⁶ = 0.00206 → term 0.206: reward 0.794, before cost 1
    expect(reply.reward).toBeCloseTo(0.794, 12);
    expect(next.policy.arms.base!.reward.mean).toBeCloseTo(0.794, 12);
    expect(next.policy.arms.base!.rewardBeforeCost).toEqual({ n: 1, mean: 1, m2: 0 });
    expect(next.policy.arms.base!.promptTokensSum).toBe(200);
  });

  it("draws from the before-cost statistics with each arm's expected cost term as offset", () => {
    let s = created(pricedConfig('priced'));
    s = answer(s, 'base', 1, 'a').next;
    s = answer(s, 'warm', 0, 'b').next;
    // Without the shrink prior the draws see the own before-cost statistics as they are.
    const unshrunk = {
      ...s.policy,
      config: { ...s.policy.config, policy: { ...s.policy.config.policy, contrastPriorWeight: 0 } },
    };
    expect(policyStatistics(unshrunk).rewards.map((r) => r.mean)).toEqual([1, 0]);
    // By default ('priced': 40) each arm adds 20 pseudo-outcomes at the common level 0.5.
    const stats = policyStatistics(s.policy);
    expect(stats.rewards.map((r) => r.n)).toEqual([21, 21]);
    expect(stats.rewards[0]!.mean).toBeCloseTo((1 + 20 * 0.5) / 21, 12);
    expect(stats.rewards[1]!.mean).toBeCloseTo((0 + 20 * 0.5) / 21, 12);
    // base 0.206 (above); warm (200·0.6 + 2·0.6)/10⁶/0.01 = 0.01212
    expect(stats.offsets![0]).toBeCloseTo(0.206, 12);
    expect(stats.offsets![1]).toBeCloseTo(0.01212, 12);
    // 'learned' (the default) draws from the whole reward and has no offsets.
    const learned = { ...s.policy, config: pricedConfig('learned') };
    expect(policyStatistics(learned).offsets).toBeUndefined();
    expect(policyStatistics(learned).rewards[0]!.mean).toBeCloseTo(0.794, 12);
  });

  it('serves from draws of the shifted posteriors exactly: the same draws as shifting μ by hand', () => {
    let s = created(pricedConfig('priced'));
    s = answer(s, 'base', 1, 'a').next;
    s = answer(s, 'warm', 0, 'b').next;
    s = answer(s, 'warm', 1, 'c').next;
    const served = thompsonDrawsFor(s.policy);
    const stats = policyStatistics(s.policy);
    const prior = priorOf(s.policy.config);
    const rng = seededRng(`draws|${s.policy.taskType}|${s.policy.configVersion}.${s.policy.revision}`);
    const byHand = drawWinners(
      rng,
      stats.rewards.map((r, i) => {
        const post = nigPosterior(r, prior);
        return { ...post, mu: post.mu - stats.offsets![i]! };
      }),
      1000,
    );
    expect(Array.from(served.winners)).toEqual(Array.from(byHand.winners));
    expect(served.wins).toEqual(byHand.wins);
  });

  it('a part that brings only tokens makes a new revision: the offsets it moves get new draws', () => {
    const s = created(pricedConfig('priced'));
    const { next } = outcomeStep(
      s,
      {
        outcome: { decisionId: 'd1', promptTokens: 10, completionTokens: 1 },
        pending: pending('base'),
        reservedTokens: 0,
      },
      T0 + 1000,
    );
    expect(next.policy.revision).toBe(s.policy.revision + 1);
    const learned = created(pricedConfig('learned'));
    const same = outcomeStep(
      learned,
      {
        outcome: { decisionId: 'd1', promptTokens: 10, completionTokens: 1 },
        pending: pending('base'),
        reservedTokens: 0,
      },
      T0 + 1000,
    );
    expect(same.next.policy.revision).toBe(learned.policy.revision);
  });

  it('warm start folds each outcome into both statistics (hand computed)', () => {
    const s = created(pricedConfig('priced'));
    const { next } = warmStartStep(s, {
      source: 'offline',
      weight: 1,
      actor: 'ops',
      outcomes: [{ armId: 'base', context: {}, quality: 1, promptTokens: 200, completionTokens: 2 }],
    });
    expect(next.policy.arms.base!.reward.mean).toBeCloseTo(0.794, 12);
    expect(next.policy.arms.base!.rewardBeforeCost).toEqual({ n: 1, mean: 1, m2: 0 });
  });
});

describe("costModel 'priced' with the request's prompt size (context.promptTokens)", () => {
  it('prices the arms at the request’s prompt, and serves from draws of its own', () => {
    let s = created(pricedConfig('priced'));
    s = answer(s, 'base', 1, 'a').next;
    s = answer(s, 'warm', 0, 'b').next;
    const offsets = policyStatistics(s.policy, 1000).offsets!;
    // base (1000·10 + 2·30)/10⁶/0.01 = 1.006; warm (1000·0.6 + 2·0.6)/10⁶/0.01 = 0.06012
    expect(offsets[0]).toBeCloseTo(1.006, 12);
    expect(offsets[1]).toBeCloseTo(0.06012, 12);
    const cached = thompsonDrawsFor(s.policy);
    const long = requestPolicy(s.policy, cached, { promptTokens: 1000 });
    const short = requestPolicy(s.policy, cached, {});
    // 1 − 1.006 < 0 − 0.060 hardly ever fails: the long prompt goes to the cheap arm.
    expect(long.decide(seededRng('r')).probabilities[1]).toBeGreaterThan(0.5);
    // Without a prompt size the revision's cached draws serve, and promptTokens is not an unknown key.
    expect(short.decide(seededRng('r')).probabilities).toEqual(cached.wins.map((w) => w / 1000));
    expect(long.unknownKeys).toEqual([]);
  });

  it('a learned-cost policy ignores the prompt size: cached draws, and the key is unknown', () => {
    const s = created(pricedConfig('learned'));
    const cached = thompsonDrawsFor(s.policy);
    const p = requestPolicy(s.policy, cached, { promptTokens: 1000 });
    expect(p.decide(seededRng('r')).probabilities).toEqual(cached.wins.map((w) => w / 1000));
    expect(p.unknownKeys).toEqual(['promptTokens']);
  });
});
