import { canonicalJson } from '../common/canonical-json';
import { dataPartOf, type LinearDataPart } from '../policies/linear-data-part';
import { type GroupMemberReport, linearGroupPrior, type MemberLinearStats, sharedArmKey } from '../sharing';
import type { PolicyState } from './policy-state';
import type { Step, TaskTypeState } from './task-type-state';

/** A linear member's data parts (A − λI, b, n) per shared arm key: what it pushes to its group. */
export function linearReport(policy: PolicyState): Record<string, LinearDataPart> | undefined {
  const { linear, config } = policy;
  if (!linear) return undefined;
  return Object.fromEntries(
    config.arms.map((a, i) => [
      sharedArmKey(a.id, a.params),
      dataPartOf(linear.arms[i]!, linear.lambda, linear.dimension),
    ]),
  );
}

/** Per shared arm key of the member's arms, the group's prior (src/sharing/linear-group-prior.ts); arms the pool knows nothing of are absent. */
export function linearPriors(
  policy: PolicyState,
  members: readonly GroupMemberReport[],
  shape: string,
  priorWeight: number,
): Record<string, LinearDataPart> {
  const linearMembers: MemberLinearStats[] = members.flatMap((m) =>
    m.linear && m.shape ? [{ taskType: m.taskType, shape: m.shape, arms: m.linear }] : [],
  );
  const priors: Record<string, LinearDataPart> = {};
  for (const a of policy.config.arms) {
    const key = sharedArmKey(a.id, a.params);
    const prior = linearGroupPrior(linearMembers, policy.taskType, shape, key, priorWeight);
    if (prior) priors[key] = prior;
  }
  return priors;
}

/**
 * Takes in the group's pool as just pulled, for a linear member: the data parts its draws add to
 * its own model. A changed prior is a new posterior revision, so every decision logs the policy
 * (and propensity) it was served from; the member's own model never changes.
 */
export function linearPoolStep(
  s: TaskTypeState,
  members: readonly GroupMemberReport[],
  shape: string,
): Step<boolean> {
  const { policy } = s;
  const group = policy.config.group;
  if (!group) return { reply: false, next: s, effects: [] };
  const priors = linearPriors(policy, members, shape, group.priorWeight);
  if (canonicalJson(policy.linearGroupPrior ?? {}) === canonicalJson(priors))
    return { reply: false, next: s, effects: [] };
  const next = { ...policy, linearGroupPrior: priors, revision: policy.revision + 1 };
  return { reply: true, next: { ...s, policy: next }, effects: [] };
}
