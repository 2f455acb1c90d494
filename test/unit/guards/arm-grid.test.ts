import { describe, expect, it } from 'vitest';
import { TaskTypeConfig } from '../../../src/contract/task-type';
import { expandArmGrid } from '../../../src/guards/arm-grid';
import { checkConfig } from '../../../src/guards/quality-gates';

const config = (temperature: number, armGrid: unknown) =>
  TaskTypeConfig.parse({
    baselineArmId: 'base',
    arms: [{ id: 'base', params: { model: 'gpt-4o-mini', temperature, maxTokens: 800 } }],
    policy: { kind: 'thompson-gaussian' },
    armGrid,
  });

describe('arm grid', () => {
  it('keeps exactly the offset combinations inside the trust region (|ΔT| ≤ 0.2, |ΔmaxTokens| ≤ 200)', () => {
    const expanded = expandArmGrid(
      config(0.7, { temperatureOffsets: [-0.3, -0.2, 0.2], maxTokensOffsets: [-200, 300] }),
    );
    // By hand: ΔT ∈ {0, −0.2, 0.2} × ΔM ∈ {0, −200}, without (0, 0); −0.3 and +300 lie outside.
    expect(expanded.arms.map((a) => [a.id, a.params.temperature, a.params.maxTokens])).toEqual([
      ['base', 0.7, 800],
      ['grid_t0_m-200', 0.7, 600],
      ['grid_t-0.2_m0', 0.5, 800],
      ['grid_t-0.2_m-200', 0.5, 600],
      ['grid_t+0.2_m0', 0.9, 800],
      ['grid_t+0.2_m-200', 0.9, 600],
    ]);
    expect(checkConfig(expanded)).toEqual([]);
  });

  it('drops combinations outside the hard limits', () => {
    const expanded = expandArmGrid(config(0.1, { temperatureOffsets: [-0.2, 0.1] }));
    expect(expanded.arms.map((a) => a.params.temperature)).toEqual([0.1, 0.2]);
  });

  it('leaves a config without a grid unchanged', () => {
    const plain = config(0.7, undefined);
    expect(expandArmGrid(plain)).toBe(plain);
  });
});
