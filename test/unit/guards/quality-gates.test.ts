import { describe, expect, it } from 'vitest';
import { TaskTypeConfig } from '../../../src/contract/task-type';
import { checkConfig } from '../../../src/guards/quality-gates';

const arm = (id: string, temperature: number, maxTokens = 800, extra = {}) => ({
  id,
  params: { model: 'gpt-4o-mini', temperature, maxTokens, ...extra },
});
const config = (input: Record<string, unknown>) =>
  TaskTypeConfig.parse({ baselineArmId: 'base', policy: { kind: 'thompson-gaussian' }, ...input });

describe('quality gates', () => {
  it('accepts arms on the edge of the trust region, floating point included (0.9 − 0.7 = 0.2000000000000001)', () => {
    expect(checkConfig(config({ arms: [arm('base', 0.7), arm('a', 0.9), arm('b', 0.5, 1000)] }))).toEqual([]);
  });

  it('lists every violation at once, each with path, value and limit', () => {
    const violations = checkConfig(
      config({
        arms: [
          arm('base', 0.7),
          arm('hot', 1.2),
          arm('long', 0.7, 1200),
          arm('bad', 0.7, 800, { topP: 0, presencePenalty: -3 }),
        ],
      }),
    );
    expect(violations.map((v) => v.path)).toEqual([
      '/arms/3/params/topP',
      '/arms/3/params/presencePenalty',
      '/arms/1/params/temperature',
      '/arms/2/params/maxTokens',
    ]);
    expect(violations[2]).toMatchObject({ value: 1.2, limit: 0.2 });
    expect(violations[3]).toMatchObject({ value: 1200, limit: 200 });
  });

  it('caps maxTokens at the model’s limit', () => {
    const violations = checkConfig(
      config({
        arms: [arm('base', 0.7, 20_000)],
        trustRegion: { maxTemperatureDelta: 0.2, maxTokensDelta: 200 },
      }),
    );
    expect(violations).toEqual([
      expect.objectContaining({ path: '/arms/0/params/maxTokens', limit: [1, 16_384] }),
    ]);
  });

  it('refuses duplicate feature names and an encoded context too wide for the linear policies', () => {
    const features = Array.from({ length: 9 }, (_, i) => ({ name: `tags${i}`, kind: 'tags' }));
    const violations = checkConfig(
      config({
        arms: [arm('base', 0.7)],
        policy: { kind: 'linucb' },
        features: [...features, { name: 'tags0', kind: 'numeric' }],
      }),
    );
    expect(violations.map((v) => v.path)).toEqual(['/features/9/name', '/features']);
  });
});
