import { canonicalJson } from '../common/canonical-json';
import type { TaskTypeConfig } from '../contract/task-type';
import { featureDimension } from '../features/encode';
import type { LinearState } from '../policies/linear-state';
import { servingPolicy } from '../policies/registry';

/**
 * The linear statistics a new config starts from: an arm keeps what it learned when its
 * params, the features and λ are unchanged (the same x means the same thing); anything else
 * starts fresh. Null for a kind that keeps no linear model.
 */
export function carryLinearState(
  previous: { config: TaskTypeConfig; linear: LinearState | null } | null,
  config: TaskTypeConfig,
  keptArmIds: ReadonlySet<string>,
): LinearState | null {
  const fresh = servingPolicy(config.policy).initLinear(
    config.arms.length,
    featureDimension(config.features),
  );
  if (!fresh) return null;
  const old = previous?.linear;
  if (
    !old ||
    !previous ||
    old.lambda !== fresh.lambda ||
    canonicalJson(previous.config.features) !== canonicalJson(config.features)
  ) {
    return fresh;
  }
  const oldIndex = new Map(previous.config.arms.map((a, i) => [a.id, i]));
  const arms = config.arms.map((arm, i) => {
    const j = oldIndex.get(arm.id);
    return j !== undefined && keptArmIds.has(arm.id) ? old.arms[j]! : fresh.arms[i]!;
  });
  return { ...fresh, arms };
}
