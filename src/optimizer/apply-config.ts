import { canonicalJson } from '../common/canonical-json';
import { ownValue } from '../common/own-key';
import type { Phase } from '../contract/decision-log';
import type { TaskTypeConfig } from '../contract/task-type';
import { carryLinearState } from './linear-carry-over';
import type { PolicyState } from './policy-state';

export type ApplyConfigResult =
  | { ok: true; state: PolicyState; created: boolean; resetArms: string[] }
  | { ok: false; reason: 'stale_version'; version: number }
  | { ok: false; reason: 'phase_conflict'; phase: string };

/**
 * Creates or replaces a task type's config (API.md "Task types"): a new version each time;
 * arms whose params changed (or that left) lose their statistics, because what was
 * learned about them no longer describes them.
 */
export function applyConfig(
  current: PolicyState | null,
  taskType: string,
  config: TaskTypeConfig,
  ifMatchVersion: number | null,
  /** the phase the task type is in now (a config may name it, never change it) */
  phase: Phase = 'shadow',
): ApplyConfigResult {
  if (current === null) {
    if (ifMatchVersion !== null) return { ok: false, reason: 'stale_version', version: 0 };
    const state: PolicyState = {
      taskType,
      config,
      configVersion: 1,
      revision: 0,
      arms: {},
      linear: carryLinearState(null, config, new Set()),
      armSince: Object.fromEntries(config.arms.map((a) => [a.id, 1])),
    };
    return { ok: true, state, created: true, resetArms: [] };
  }
  if (ifMatchVersion !== null && ifMatchVersion !== current.configVersion) {
    return { ok: false, reason: 'stale_version', version: current.configVersion };
  }
  if (config.rollout.phase !== undefined && config.rollout.phase !== phase) {
    return { ok: false, reason: 'phase_conflict', phase };
  }
  const before = new Map(current.config.arms.map((a) => [a.id, canonicalJson(a.params)]));
  const kept = new Set(
    config.arms.filter((a) => before.get(a.id) === canonicalJson(a.params)).map((a) => a.id),
  );
  const resetArms = config.arms.filter((a) => before.has(a.id) && !kept.has(a.id)).map((a) => a.id);
  const arms = Object.fromEntries(Object.entries(current.arms).filter(([id]) => kept.has(id)));
  const posteriorChanged = Object.keys(arms).length !== Object.keys(current.arms).length;
  const state: PolicyState = {
    ...current,
    config,
    configVersion: current.configVersion + 1,
    // A reset changes the posterior, so replays of the old state must not collide with the new one.
    revision: current.revision + (posteriorChanged ? 1 : 0),
    arms,
    linear: carryLinearState(current, config, kept),
    armSince: Object.fromEntries(
      config.arms.map((a) => [
        a.id,
        kept.has(a.id) ? (ownValue(current.armSince, a.id) ?? 0) : current.configVersion + 1,
      ]),
    ),
  };
  return { ok: true, state, created: false, resetArms };
}
