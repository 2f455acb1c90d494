import type { ArmMatrix } from './types';

/**
 * A policy to evaluate: π_e(·|x_i) over the arm list for each logged row.
 *
 * Indexed by row rather than by context so that a learned policy can be plugged in later as
 * a closure over whatever it needs (its probability table, the log's encoded features)
 * without the estimators knowing about contexts at all.
 */
export interface TargetPolicy {
  /** How the report names it: `uniform`, `arm:<id>`, or a learned policy's label. */
  readonly name: string;
  /** π_e(a|x_row) for every arm, in arm order; entries in [0, 1] summing to 1. */
  actionProbabilities(row: number): Float64Array;
}

/** Equal probability on every listed arm. */
export function uniformPolicy(armCount: number): TargetPolicy {
  const probabilities = new Float64Array(armCount).fill(1 / armCount);
  return { name: 'uniform', actionProbabilities: () => probabilities };
}

/** Always the arm at `armIndex`. */
export function singleArmPolicy(arms: readonly string[], armIndex: number): TargetPolicy {
  const probabilities = new Float64Array(arms.length);
  probabilities[armIndex] = 1;
  return { name: `arm:${arms[armIndex]}`, actionProbabilities: () => probabilities };
}

export type PolicySpecResult = { ok: true; policy: TargetPolicy } | { ok: false; reason: string };

/** Parse a CLI/cron policy spec: `uniform` or `arm:<armId>` (the arm must be listed). */
export function parsePolicySpec(spec: string, arms: readonly string[]): PolicySpecResult {
  if (spec === 'uniform') return { ok: true, policy: uniformPolicy(arms.length) };
  if (spec.startsWith('arm:')) {
    const armId = spec.slice('arm:'.length);
    const index = arms.indexOf(armId);
    if (index < 0) return { ok: false, reason: `policy ${spec}: arm "${armId}" is not among the arms` };
    return { ok: true, policy: singleArmPolicy(arms, index) };
  }
  return { ok: false, reason: `policy "${spec}": expected "uniform", "arm:<armId>" or "snapshot:<file>"` };
}

/** Materialise π_e as an `n × K` matrix, checked once here so estimators can trust it. */
export function policyMatrix(policy: TargetPolicy, n: number, armCount: number): ArmMatrix {
  const matrix = new Float64Array(n * armCount);
  for (let i = 0; i < n; i++) {
    const row = policy.actionProbabilities(i);
    if (row.length !== armCount) {
      throw new Error(`${policy.name}: row ${i} has ${row.length} probabilities for ${armCount} arms`);
    }
    matrix.set(row, i * armCount);
  }
  return matrix;
}
