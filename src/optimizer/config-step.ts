import type { Phase } from '../contract/decision-log';
import type { TaskTypeConfig } from '../contract/task-type';
import { emptyLedger } from '../guards/token-budget';
import { startAnytimeGuard } from '../rollout/anytime-guard';
import { initialRolloutState } from '../rollout/phase-machine';
import { applyConfig } from './apply-config';
import { type ConfigChange, configChanges } from './config-diff';
import { emptyFeatureSample } from './context-sample';
import { type PolicyState, policyVersion } from './policy-state';
import { startPromotionEvidence } from './promotion-evidence';
import { windowFor, withPhaseSnapshot } from './rollout-steps';
import { audit, EMPTY_MEMORY, type Step, type TaskTypeState } from './task-type-state';

/** The answer to a PUT: the policy state carries the phase the task type is in, for the reply. */
export type ConfigReply =
  | { ok: true; state: PolicyState & { phase: Phase }; created: boolean; resetArms: string[] }
  | { ok: false; reason: 'stale_version'; version: number }
  | { ok: false; reason: 'phase_conflict'; phase: string };

export interface ConfigStepInput {
  taskType: string;
  config: TaskTypeConfig;
  ifMatchVersion: number | null;
  actor: string;
}

/**
 * Creates or replaces the config. A new task type starts in its configured phase; a new
 * config is a new policy in the same phase: its dwell, snapshot and guard budget start now,
 * and a changed window shape cannot reuse the old buckets.
 */
export function configStep(
  s: TaskTypeState | null,
  input: ConfigStepInput,
  nowMs: number,
): Step<ConfigReply, TaskTypeState | null> {
  const { taskType, config, ifMatchVersion, actor } = input;
  const applied = applyConfig(s?.policy ?? null, taskType, config, ifMatchVersion, s?.rollout.phase);
  if (!applied.ok) return { reply: applied, next: s, effects: [] };
  const version = policyVersion(applied.state);
  const rollout = s
    ? { ...s.rollout, phaseStartedAtMs: nowMs, phasePolicyVersion: version }
    : initialRolloutState(nowMs, version, config.rollout.phase ?? 'shadow');
  const base: TaskTypeState = s ?? newTaskType(applied.state, nowMs);
  // A new config is a new policy: its evaluation starts from what it knows now.
  const next = withPhaseSnapshot(
    {
      ...base,
      policy: applied.state,
      rollout,
      guard: startAnytimeGuard(nowMs),
      sloWindow: windowFor(config, s ? s.sloWindow : null),
      memory: { ...base.memory, draws: null },
    },
    nowMs,
  );
  const details = { version: applied.state.configVersion, resetArms: applied.resetArms, config };
  const kind = applied.created ? 'task-type-created' : 'config-changed';
  const reply = { ...applied, state: { ...applied.state, phase: rollout.phase } };
  // Every PUT registers (idempotent): a create whose registration failed is repaired by the retry.
  const effects = [
    audit(next, { kind, actor, reason: null, details }),
    { kind: 'register-task-type' as const, taskType },
  ];
  return { reply, next, effects };
}

function newTaskType(policy: PolicyState, nowMs: number): TaskTypeState {
  return {
    policy,
    rollout: initialRolloutState(nowMs, policyVersion(policy), 'shadow'),
    guard: startAnytimeGuard(nowMs),
    sloWindow: windowFor(policy.config, null),
    drift: { reference: null, recent: emptyFeatureSample() },
    budget: { ledger: emptyLedger(nowMs), waivers: [] },
    unknownFeatures: {},
    latestEvaluation: null,
    promotionEvidence: startPromotionEvidence(nowMs, policyVersion(policy), null),
    phaseSnapshot: null,
    memory: EMPTY_MEMORY,
  };
}

/** What `PUT …?dryRun=true` answers when the real PUT would succeed. */
export interface ConfigDryRun {
  valid: true;
  /** the version the PUT would replace; null when it would create the task type */
  currentVersion: number | null;
  changes: ConfigChange[];
  resetArms: string[];
}

/**
 * A PUT judged but not kept: the same step a real PUT runs, its next state and effects thrown
 * away, so a dry run can never disagree with the PUT it previews.
 */
export function configDryRunStep(
  s: TaskTypeState | null,
  input: ConfigStepInput,
  nowMs: number,
): Extract<ConfigReply, { ok: false }> | ConfigDryRun {
  const { reply } = configStep(s, input, nowMs);
  if (!reply.ok) return reply;
  return {
    valid: true,
    currentVersion: s?.policy.configVersion ?? null,
    changes: configChanges(s?.policy.config ?? null, reply.state.config),
    resetArms: reply.resetArms,
  };
}
