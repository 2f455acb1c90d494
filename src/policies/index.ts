import type { LinearState } from './linear-state';
import { createLinearThompson } from './linear-thompson';
import { createLinUcb } from './linucb';
import type { ContextualPolicy } from './policy';

export * from './linear-state';
export * from './linear-thompson';
export * from './linucb';
export type * from './policy';

/** The config's knobs for a contextual policy (the task type's `policy` settings). */
export interface ContextualPolicyConfig {
  kind: 'linucb' | 'linear-thompson';
  /** LinUCB confidence width, ≥ 0 */
  alpha?: number;
  /** ridge λ > 0 */
  lambda?: number;
  /** linear Thompson: M seeded draws per decision */
  draws?: number;
  /** linear Thompson: posterior scale v > 0 */
  v?: number;
  /** forgetting γ ∈ (0, 1] */
  gamma?: number;
}

/** Both kinds share LinearState, so a task type can switch kind without losing its statistics. */
export function createContextualPolicy(config: ContextualPolicyConfig): ContextualPolicy<LinearState> {
  const { kind, alpha, lambda, draws, v, gamma } = config;
  switch (kind) {
    case 'linucb':
      return createLinUcb({ alpha, lambda, gamma });
    case 'linear-thompson':
      return createLinearThompson({ lambda, draws, v, gamma });
  }
}
