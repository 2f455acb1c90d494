import type { Arm, TaskTypeConfig } from '../contract/task-type';
import { checkHardLimitsOf, insideTrustRegion } from './quality-gates';

/** Most arms a task type may have (the config schema's limit). */
const MAX_ARMS = 64;

/**
 * Adds the arms an `armGrid` describes: every combination of the listed temperature and
 * maxTokens offsets around the baseline (the baseline's own values included), keeping only
 * those inside the trust region and the hard limits. Explicit arms come first and win on id.
 */
export function expandArmGrid(config: TaskTypeConfig): TaskTypeConfig {
  const grid = config.armGrid;
  const baseline = config.arms.find((a) => a.id === config.baselineArmId);
  if (!grid || !baseline) return config;
  const taken = new Set(config.arms.map((a) => a.id));
  const generated: Arm[] = [];
  for (const dT of [0, ...grid.temperatureOffsets]) {
    for (const dM of [0, ...grid.maxTokensOffsets]) {
      if (dT === 0 && dM === 0) continue;
      const params = {
        ...baseline.params,
        temperature: round(baseline.params.temperature + dT),
        maxTokens: baseline.params.maxTokens + dM,
      };
      const arm = { id: gridArmId(dT, dM), params };
      if (taken.has(arm.id) || !insideTrustRegion(config, params) || checkHardLimitsOf(arm).length > 0)
        continue;
      taken.add(arm.id);
      generated.push(arm);
    }
  }
  return { ...config, arms: [...config.arms, ...generated].slice(0, MAX_ARMS) };
}

/** A stable id per offset pair, so a re-sent grid keeps each arm's statistics. */
function gridArmId(dT: number, dM: number): string {
  const sign = (x: number) => (x > 0 ? `+${x}` : `${x}`);
  return `grid_t${sign(round(dT))}_m${sign(dM)}`;
}

const round = (x: number) => Math.round(x * 1e9) / 1e9;
