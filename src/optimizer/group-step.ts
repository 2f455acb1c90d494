import type { GaussianStats } from '../bandit/gaussian-stats';
import { contrastPriorWeightOf } from '../policies/registry';
import { type MemberStats, memberArmKeys, memberPriors } from '../sharing';
import { learnedRewards } from './policy-decision';
import type { PolicyState } from './policy-state';
import type { Step, TaskTypeState } from './task-type-state';

/** What a member pushes to its group: its own live reward statistics (those its policy learns) per shared arm key. */
export function groupReport(policy: PolicyState): Record<string, GaussianStats> {
  return memberArmKeys(policy.config.arms, (id) => learnedRewards(policy, id));
}

/**
 * Takes in the group's pool as just pulled: the priors the member's draws see. A changed prior
 * is a new posterior revision, so the draws are recomputed and every decision logs the policy
 * (and propensity) it was actually served from. The member's own statistics never change.
 */
export function groupPoolStep(s: TaskTypeState, members: readonly MemberStats[]): Step<boolean> {
  const { policy } = s;
  const group = policy.config.group;
  if (!group) return { reply: false, next: s, effects: [] };
  const own = (id: string) => learnedRewards(policy, id);
  const priors = memberPriors(
    policy.taskType,
    policy.config.arms,
    policy.config.baselineArmId,
    own,
    members,
    { priorWeight: group.priorWeight, shrinkWeight: contrastPriorWeightOf(policy.config.policy) },
  );
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
