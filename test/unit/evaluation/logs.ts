import { parsePolicySpec, policyMatrix } from '../../../src/evaluation/target-policy';
import type { ArmMatrix, LoggedRounds } from '../../../src/evaluation/types';

/**
 * Three rounds, two arms: small enough that estimates and diagnostics on it are worked out by
 * hand in the tests' comments. Rows: (a, p 0.5, r 1), (b, p 0.25, r 0), (a, p 0.8, r 0.5).
 */
export const HAND_LOG: LoggedRounds = {
  arms: ['a', 'b'],
  n: 3,
  action: Int32Array.from([0, 1, 0]),
  propensity: Float64Array.from([0.5, 0.25, 0.8]),
  reward: Float64Array.from([1, 0, 0.5]),
};

/** The target policy `spec`, as the CLI spells it (`uniform`, `arm:a`), as an n × K matrix over `log`. */
export function targetMatrix(log: LoggedRounds, spec: string): ArmMatrix {
  const parsed = parsePolicySpec(spec, log.arms);
  if (!parsed.ok) throw new Error(parsed.reason);
  return policyMatrix(parsed.policy, log.n, log.arms.length);
}
