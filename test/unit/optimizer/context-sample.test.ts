import { describe, expect, it } from 'vitest';
import type { Context } from '../../../src/contract/decision-log';
import { addContextToSample, driftFeatures, RECENT_CONTEXTS } from '../../../src/optimizer/context-sample';
import { sweepStep } from '../../../src/optimizer/rollout-action-step';
import type { TaskTypeState } from '../../../src/optimizer/task-type-state';
import type { FeatureSample } from '../../../src/rollout/drift-reference';
import { act, configOf, created, T0 } from './fixture';

const config = configOf({
  features: [
    { name: 'score', kind: 'numeric' },
    { name: 'lang', kind: 'category' },
    { name: 'labels', kind: 'tags' },
  ],
  rollout: { phase: 'shadow', driftMinSamples: 200 },
});
const features = driftFeatures(config);

function observe(s: TaskTypeState, contexts: Context[]): TaskTypeState {
  let recent = s.drift.recent;
  for (const c of contexts) recent = addContextToSample(recent, features, c);
  return { ...s, drift: { ...s.drift, recent } };
}
const many = (n: number, f: (i: number) => Context) => Array.from({ length: n }, (_, i) => f(i));

describe('recent contexts for drift', () => {
  it('keeps the last RECENT_CONTEXTS values per feature, tags once per context, and skips ill-typed values', () => {
    let sample: FeatureSample = { numeric: {}, categorical: {} };
    for (let i = 0; i < RECENT_CONTEXTS + 10; i++)
      sample = addContextToSample(sample, features, { score: i, lang: 'en', labels: ['a', 'a', 'b'] });
    sample = addContextToSample(sample, features, { score: 'high', lang: ['x'] });
    expect(sample.numeric.score).toHaveLength(RECENT_CONTEXTS);
    expect(sample.numeric.score?.[0]).toBe(10);
    expect(sample.categorical.lang).toHaveLength(RECENT_CONTEXTS);
    expect(sample.categorical.labels?.slice(-2)).toEqual(['a', 'b']);
  });

  // Issue 10, item 5: category features were not judged at all, a numeric shift inside [0, 1)
  // scored 0 bits, and a resume froze again on the next sweep.
  it('freezes when a category’s mix moves, stays resumed on the same mix, and freezes again when it moves on', () => {
    let s = observe(
      created(config),
      many(600, (i) => ({ score: (i % 10) / 10, lang: i % 2 ? 'en' : 'de' })),
    );
    s = act(s, 'advance', T0 + 1);
    s = observe(
      s,
      many(RECENT_CONTEXTS, (i) => ({ score: (i % 10) / 10, lang: 'fr' })),
    );
    let swept = sweepStep(s, T0 + 60_000);
    expect(swept.reply.drift).toMatchObject({ verdict: 'drift' });
    expect(swept.next.rollout.frozenReason).toBe('drift');
    s = act(swept.next, 'resume', T0 + 120_000);
    s = observe(
      s,
      many(300, (i) => ({ score: (i % 10) / 10, lang: 'fr' })),
    );
    swept = sweepStep(s, T0 + 180_000);
    expect(swept.reply.drift).toMatchObject({ verdict: 'ok' });
    expect(swept.next.rollout.frozen).toBe(false);
    s = observe(
      swept.next,
      many(RECENT_CONTEXTS, (i) => ({ score: 0.95 + (i % 5) / 100, lang: 'fr' })),
    );
    expect(sweepStep(s, T0 + 240_000).next.rollout.frozenReason).toBe('drift');
  });
});
