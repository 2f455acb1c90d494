import { TaskTypeConfig } from '../../../src/contract/task-type';
import { configStep } from '../../../src/optimizer/config-step';
import type { PendingDecision } from '../../../src/optimizer/record-outcome';
import { type RolloutAction, rolloutActionStep } from '../../../src/optimizer/rollout-action-step';
import type { RandomSource, TaskTypeState } from '../../../src/optimizer/task-type-state';

export const T0 = Date.UTC(2026, 11, 3, 12, 0, 0);

/** Two arms, Thompson over the arms, starting in `phase`; overrides merge into the config. */
export function configOf(overrides: Record<string, unknown> = {}): TaskTypeConfig {
  return TaskTypeConfig.parse({
    baselineArmId: 'base',
    arms: [
      { id: 'base', params: { model: 'm', temperature: 0.7, maxTokens: 100 } },
      { id: 'warm', params: { model: 'm', temperature: 0.9, maxTokens: 100 } },
    ],
    policy: { kind: 'thompson-gaussian' },
    ...overrides,
  });
}

/** A task type as its first PUT leaves it. */
export function created(config = configOf(), nowMs = T0): TaskTypeState {
  const step = configStep(
    null,
    { taskType: 'summarize', config, ifMatchVersion: null, actor: 'test' },
    nowMs,
  );
  if (!step.next) throw new Error('the fixture config was refused');
  return step.next;
}

/** Fresh-looking ids from a counter: the steps' only randomness, made repeatable. */
export function counterRandom(): RandomSource {
  let i = 0;
  return { uuid: () => `00000000-0000-4000-8000-${String(++i).padStart(12, '0')}` };
}

/** Freezes a state deeply, so a step that changed its input in place would throw. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A decision issued at T0 on arm `warm`, waiting for its outcome (expires after a minute). */
export const pendingDecision = (overrides: Partial<PendingDecision> = {}): PendingDecision => ({
  decisionId: 'd1',
  armId: 'warm',
  issuedAtMs: T0,
  expiresAtMs: T0 + 60_000,
  outcome: {},
  reward: null,
  encoded: null,
  served: 'policy',
  configVersion: 1,
  ...overrides,
});

/** The state after an operator's rollout action, for tests that look only at what follows it. */
export const act = (s: TaskTypeState, action: RolloutAction, atMs: number): TaskTypeState =>
  rolloutActionStep(s, { action, reason: 'test', actor: 'ops' }, atMs).next;
