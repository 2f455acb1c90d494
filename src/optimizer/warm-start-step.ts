import { EMPTY_STATS, type GaussianStats } from '../bandit/gaussian-stats';
import type { WarmStartRequest, WarmStartResponse } from '../contract/warm-start';
import { priceOfArm } from '../cost/arm-price';
import { withoutCost } from '../cost/cost-term';
import { encodeContext } from '../features/encode';
import { isContextual } from '../policies/registry';
import { rewardAtWait } from '../reward';
import { foldWarmStart } from '../sharing/warm-start';
import type { ArmStats } from './arm-stats';
import { contextualPolicyOf } from './policy-decision';
import { armStats, type PolicyState } from './policy-state';
import { audit, type Step, type TaskTypeState } from './task-type-state';

/** Why a batch was refused whole: the route maps each to its 4xx. */
export type WarmStartRefusal =
  | { ok: false; reason: 'duplicate_source'; source: string }
  | { ok: false; reason: 'invalid'; path: string; message: string };

export type WarmStartReply = ({ ok: true } & WarmStartResponse) | WarmStartRefusal;

/**
 * Folds offline outcomes into the policy's statistics as if observed, each counted `weight`
 * times (API.md "Warm start"). Each is scored with the task type's reward (missing parts take
 * `reward.defaults`). Only the statistics the policy draws from change: nothing enters the
 * decision log, so propensities, the export and off-policy estimates stay those of live
 * traffic. All or nothing: an unknown arm or an unscorable outcome anywhere refuses the batch.
 */
export function warmStartStep(
  s: TaskTypeState,
  input: WarmStartRequest & { actor: string },
): Step<WarmStartReply> {
  const refuse = (reply: WarmStartRefusal) => ({ reply, next: s, effects: [] });
  const { config } = s.policy;
  if ((s.warmStartSources ?? []).includes(input.source))
    return refuse({ ok: false, reason: 'duplicate_source', source: input.source });
  const contextual = isContextual(config.policy);
  if (contextual && input.weight !== 1)
    return refuse({
      ok: false,
      reason: 'invalid',
      path: '/weight',
      message: 'a linear policy learns whole outcomes only: weight must be 1',
    });
  const armIds = config.arms.map((a) => a.id);
  const scored: { armId: string; reward: number; index: number; beforeCost: number }[] = [];
  for (const [index, o] of input.outcomes.entries()) {
    if (!armIds.includes(o.armId))
      return refuse({
        ok: false,
        reason: 'invalid',
        path: `/outcomes/${index}/armId`,
        message: `arm '${o.armId}' is not an arm of this task type`,
      });
    const { armId: _arm, context: _context, ...fields } = o;
    const reward = rewardAtWait(fields, config.reward, priceOfArm(config, o.armId));
    if (reward === null)
      return refuse({
        ok: false,
        reason: 'invalid',
        path: `/outcomes/${index}`,
        message: 'the reward cannot be computed: a weighted part has neither a value nor a default',
      });
    const beforeCost = rewardAtWait(fields, withoutCost(config.reward), priceOfArm(config, o.armId))!;
    scored.push({ armId: o.armId, reward, index, beforeCost });
  }
  const statsOf = (pick: (a: ArmStats) => GaussianStats | undefined) =>
    Object.fromEntries(armIds.map((id) => [id, pick(armStats(s.policy, id)) ?? EMPTY_STATS]));
  const folded = foldWarmStart(
    statsOf((a) => a.reward),
    armIds,
    scored,
    input.weight,
  );
  // `costModel: 'priced'` draws from the rewards before their cost term: they learn the same outcomes.
  const beforeCost = scored.map((o) => ({ armId: o.armId, reward: o.beforeCost }));
  const foldedBeforeCost = foldWarmStart(
    statsOf((a) => a.rewardBeforeCost),
    armIds,
    beforeCost,
    input.weight,
  );
  let policy: PolicyState = {
    ...s.policy,
    revision: s.policy.revision + 1,
    arms: Object.fromEntries(
      armIds.map((id) => [
        id,
        {
          ...armStats(s.policy, id),
          reward: folded.stats[id]!,
          rewardBeforeCost: foldedBeforeCost.stats[id]!,
        },
      ]),
    ),
  };
  if (contextual) policy = teachLinear(policy, input, scored);
  const reply = { ok: true as const, applied: folded.applied, perArm: folded.perArm };
  const next = { ...s, policy, warmStartSources: [...(s.warmStartSources ?? []), input.source] };
  const details = {
    source: input.source,
    weight: input.weight,
    applied: folded.applied,
    perArm: folded.perArm,
  };
  const event = audit(next, { kind: 'warm-start', actor: input.actor, reason: input.source, details });
  return { reply, next, effects: [event] };
}

/** The linear policies learn each offline outcome at its encoded context, as a live one. */
function teachLinear(
  policy: PolicyState,
  input: WarmStartRequest,
  scored: readonly { armId: string; reward: number; index: number }[],
): PolicyState {
  if (!policy.linear) return policy;
  const learner = contextualPolicyOf(policy);
  let linear = policy.linear;
  for (const { armId, reward, index } of scored) {
    const { x } = encodeContext(policy.config.features, input.outcomes[index]!.context);
    linear = learner.update(
      linear,
      policy.config.arms.findIndex((a) => a.id === armId),
      x,
      reward,
    );
  }
  return { ...policy, linear };
}
