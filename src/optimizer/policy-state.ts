import type { GaussianStats } from '../bandit/gaussian-stats';
import type { NigPrior } from '../bandit/nig-posterior';
import { ownValue } from '../common/own-key';
import type { TaskTypeConfig } from '../contract/task-type';
import type { LinearDataPart } from '../policies/linear-data-part';
import type { LinearState } from '../policies/linear-state';
import { rewardPriorOf } from '../policies/registry';
import { type ArmStats, EMPTY_ARM_STATS } from './arm-stats';

/** What the policy knows: config and posterior statistics (the rollout phase lives in the rollout state). */
export interface PolicyState {
  taskType: string;
  config: TaskTypeConfig;
  /** bumped by every config change */
  configVersion: number;
  /** bumped by every posterior update; part of every seed, so a replay sees the same state */
  revision: number;
  arms: Record<string, ArmStats>;
  /** the linear policies' statistics (arms in config order); null for a kind that keeps none */
  linear: LinearState | null;
  /**
   * Per arm, the config version since which its params are unchanged: an outcome of a decision
   * made before that described other params and must not teach the arm's fresh statistics.
   */
  armSince: Record<string, number>;
  /**
   * Per arm, the group's prior as last pulled (src/sharing/group-sync.ts): the draws see own
   * statistics plus it; the stored statistics stay the member's own. Memory only: pulled again
   * after a restart.
   */
  groupPrior?: Record<string, GaussianStats>;
  /**
   * A linear member's group prior as last pulled, per shared arm key (`sharedArmKey`): data parts
   * its draws add to its own A and b (src/optimizer/linear-group-step.ts). Memory only, as above.
   */
  linearGroupPrior?: Record<string, LinearDataPart>;
}

/** Names the exact policy that made a decision: config version and posterior revision. */
export function policyVersion(state: PolicyState): string {
  return `${state.configVersion}.${state.revision}`;
}

export function priorOf(config: TaskTypeConfig): NigPrior {
  return rewardPriorOf(config.policy);
}

export function armStats(state: PolicyState, armId: string): ArmStats {
  return ownValue(state.arms, armId) ?? EMPTY_ARM_STATS;
}

/** Whether a decision served under `configVersion` still speaks for the arm as configured now. */
export function decisionTeachesArm(state: PolicyState, armId: string, configVersion: number): boolean {
  if (!state.config.arms.some((a) => a.id === armId)) return false;
  return configVersion >= (ownValue(state.armSince, armId) ?? 0);
}

/** Values in config arm order, keyed by arm id. */
export function byArmId(config: TaskTypeConfig, values: readonly number[]): Record<string, number> {
  return Object.fromEntries(config.arms.map((a, i) => [a.id, values[i] ?? 0]));
}
