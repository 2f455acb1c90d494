import { describe, expect, it } from 'vitest';
import { warmStartStep } from '../../../src/optimizer/warm-start-step';
import { created, deepFreeze } from './fixture';

const batch = (overrides: Record<string, unknown> = {}) => ({
  source: 'offline 1',
  weight: 0.5,
  outcomes: [
    { armId: 'warm', context: {}, quality: 1 },
    { armId: 'warm', context: {}, quality: 0 },
  ],
  actor: 'ops',
  ...overrides,
});

describe('warm start step', () => {
  it('folds each outcome at its weight into the reward statistics only (hand-computed weighted Welford)', () => {
    const s = deepFreeze(created());
    const { reply, next, effects } = warmStartStep(s, batch());
    expect(reply).toEqual({ ok: true, applied: 2, perArm: { warm: 2 } });
    // n = ½ + ½; mean: 1, then 1 + ½·(0 − 1)/1 = ½; M2 = ½·(0 − 1)·(0 − ½) = ¼
    expect(next.policy.arms.warm!.reward).toEqual({ n: 1, mean: 0.5, m2: 0.25 });
    expect(next.policy.arms.warm!.pulls).toBe(0);
    expect(next.policy.arms.warm!.qualityCount).toBe(0);
    expect(next.policy.arms.base!.reward).toEqual(s.policy.arms.base?.reward ?? { n: 0, mean: 0, m2: 0 });
    expect(next.policy.revision).toBe(s.policy.revision + 1);
    // Audited, never logged.
    expect(effects.map((e) => e.kind)).toEqual(['audit']);
  });

  it('refuses the same source twice and an unknown arm anywhere, changing nothing', () => {
    const s = created();
    const once = warmStartStep(s, batch()).next;
    expect(warmStartStep(once, batch()).reply).toMatchObject({ ok: false, reason: 'duplicate_source' });
    const unknown = warmStartStep(
      s,
      batch({ source: 'x', outcomes: [...batch().outcomes, { armId: 'nope', context: {}, quality: 1 }] }),
    );
    expect(unknown.reply).toMatchObject({ ok: false, reason: 'invalid', path: '/outcomes/2/armId' });
    expect(unknown.next).toBe(s);
  });
});
