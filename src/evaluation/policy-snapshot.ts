import { hashString } from '../bandit/fingerprint';
import type { GaussianStats } from '../bandit/gaussian-stats';
import { canonicalJson } from '../common/canonical-json';
import { ownValue } from '../common/own-key';
import type { PolicySnapshot } from '../contract/policy-snapshot';
import { TaskTypeConfig } from '../contract/task-type';
import { EMPTY_ARM_STATS } from '../optimizer/arm-stats';
import { armStats, type PolicyState, policyVersion } from '../optimizer/policy-state';
import { isContextual, servingPolicy } from '../policies/registry';
import { sharedArmKey } from '../sharing/group-prior';

export const SNAPSHOT_FORMAT = 'tuneloop-policy-snapshot/1' as const;

/** The config's fingerprint: equal configs up to key order share it. */
export function configHash(config: TaskTypeConfig): string {
  return hashString(canonicalJson(config));
}

/**
 * Freezes what the policy decides from (API.md second release: `GET …/policy-snapshot`). The
 * config goes out as the contract parses it, so the hash a reader recomputes after parsing
 * matches even for a config stored before a default was added.
 */
export function policySnapshotOf(state: PolicyState, takenAtMs: number): PolicySnapshot {
  const parsed = TaskTypeConfig.safeParse(state.config);
  const config = parsed.success ? parsed.data : state.config;
  return {
    format: SNAPSHOT_FORMAT,
    taskType: state.taskType,
    takenAt: new Date(takenAtMs).toISOString(),
    kind: config.policy.kind,
    policyVersion: policyVersion(state),
    configVersion: state.configVersion,
    revision: state.revision,
    configHash: configHash(config),
    exploration: {
      epsilon: config.policy.epsilon,
      draws: servingPolicy(config.policy).logFields.draws,
      minConfidence: config.rollout.minConfidence,
    },
    arms: config.arms.map((arm) => {
      const stats = armStats(state, arm.id);
      const prior = state.groupPrior && ownValue(state.groupPrior, arm.id);
      const linearPrior =
        state.linearGroupPrior && ownValue(state.linearGroupPrior, sharedArmKey(arm.id, arm.params));
      return {
        id: arm.id,
        params: arm.params,
        pulls: stats.pulls,
        reward: stats.reward,
        ...(prior ? { groupPrior: prior } : {}),
        ...(linearPrior ? { linearGroupPrior: linearPrior } : {}),
      };
    }),
    linear: state.linear,
    config,
  };
}

export type RestoredPolicy = { ok: true; state: PolicyState } | { ok: false; reason: string };

/**
 * The policy state a snapshot froze, for the evaluation code the cron runs
 * (learned-policy.ts). Refuses a snapshot whose parts disagree (a hand edit, a truncated
 * copy) rather than evaluate some other policy than the one exported.
 */
export function policyStateOfSnapshot(snapshot: PolicySnapshot): RestoredPolicy {
  const { config } = snapshot;
  const fail = (reason: string): RestoredPolicy => ({ ok: false, reason });
  if (configHash(config) !== snapshot.configHash)
    return fail('configHash does not match config: the file was changed after export');
  if (snapshot.kind !== config.policy.kind)
    return fail(`kind ${snapshot.kind} is not the config's ${config.policy.kind}`);
  if (snapshot.policyVersion !== `${snapshot.configVersion}.${snapshot.revision}`)
    return fail('policyVersion is not configVersion.revision');
  const ids = config.arms.map((a) => a.id);
  if (canonicalJson(snapshot.arms.map((a) => a.id)) !== canonicalJson(ids))
    return fail(`arms must be the config's, in its order: ${ids.join(', ')}`);
  const { linear } = snapshot;
  if ((linear !== null) !== isContextual(config.policy))
    return fail(linear ? `a ${snapshot.kind} policy keeps no linear model` : 'linear is missing');
  if (linear && linear.arms.length !== ids.length) return fail('linear.arms must have one entry per arm');
  const priors = snapshot.arms.filter((a) => a.groupPrior !== undefined);
  const groupPrior = Object.fromEntries(priors.map((a) => [a.id, a.groupPrior as GaussianStats]));
  const linearPriors = snapshot.arms.flatMap((a) =>
    a.linearGroupPrior ? [[sharedArmKey(a.id, a.params), a.linearGroupPrior] as const] : [],
  );
  return {
    ok: true,
    state: {
      taskType: snapshot.taskType,
      config,
      configVersion: snapshot.configVersion,
      revision: snapshot.revision,
      arms: Object.fromEntries(
        snapshot.arms.map((a) => [a.id, { ...EMPTY_ARM_STATS, pulls: a.pulls, reward: a.reward }]),
      ),
      linear,
      armSince: {},
      ...(priors.length > 0 ? { groupPrior } : {}),
      ...(linearPriors.length > 0 ? { linearGroupPrior: Object.fromEntries(linearPriors) } : {}),
    },
  };
}
