import type { GaussianStats } from '../bandit/gaussian-stats';
import { contrastPriorWeightOf } from '../policies/registry';
import {
  CONTEXT_FREE_SHAPE,
  type GroupMemberReport,
  type GroupReport,
  groupShape,
  memberArmKeys,
  memberPriors,
} from '../sharing';
import { linearPoolStep, linearReport } from './linear-group-step';
import { learnedRewards } from './policy-decision';
import type { PolicyState } from './policy-state';
import type { Step, TaskTypeState } from './task-type-state';

/**
 * What a member pushes to its group: its own live reward statistics (those its policy learns) per
 * shared arm key, its shape, and a linear member's data parts.
 */
export function groupReport(policy: PolicyState): GroupReport {
  const arms = memberArmKeys(policy.config.arms, (id) => learnedRewards(policy, id));
  const linear = linearReport(policy);
  return { arms, shape: groupShape(policy.config), ...(linear ? { linear } : {}) };
}

/**
 * Takes in the group's pool as just pulled: the priors the member's draws see. Only members of
 * the member's own shape count (same policy family; for linear ones, same features): the config
 * check refuses the others, and a member that slipped past it (two PUTs at once) is ignored.
 * A changed prior is a new posterior revision, so the draws are recomputed and every decision
 * logs the policy (and propensity) it was actually served from. The member's own statistics
 * never change.
 */
export function groupPoolStep(s: TaskTypeState, members: readonly GroupMemberReport[]): Step<boolean> {
  const { policy } = s;
  const group = policy.config.group;
  if (!group) return { reply: false, next: s, effects: [] };
  const shape = groupShape(policy.config);
  const peers = members.filter((m) => (m.shape ?? CONTEXT_FREE_SHAPE) === shape);
  if (policy.linear) return linearPoolStep(s, peers, shape);
  const own = (id: string) => learnedRewards(policy, id);
  const priors = memberPriors(policy.taskType, policy.config.arms, policy.config.baselineArmId, own, peers, {
    priorWeight: group.priorWeight,
    shrinkWeight: contrastPriorWeightOf(policy.config.policy),
  });
  if (samePriors(policy.groupPrior, priors)) return { reply: false, next: s, effects: [] };
  const next = { ...policy, groupPrior: priors, revision: policy.revision + 1 };
  return { reply: true, next: { ...s, policy: next }, effects: [] };
}

function samePriors(a: Record<string, GaussianStats> | undefined, b: Record<string, GaussianStats>): boolean {
  if (!a) return Object.values(b).every((s) => s.n === 0);
  const keys = Object.keys(b);
  return (
    keys.length === Object.keys(a).length &&
    keys.every((k) => a[k]?.n === b[k]!.n && a[k]?.mean === b[k]!.mean && a[k]?.m2 === b[k]!.m2)
  );
}
