/**
 * What the rollout state means for serving: the share τ of requests that get the policy's
 * choice, by DESIGN.md §5's table, except that a drift freeze
 * serves only the baseline until ops resume.
 */
import type { Phase } from '../contract/decision-log';
import type { RolloutState } from './phase-machine';

/** τ of a phase: shadow 0, canary 0.05, guarded `guardedShare` (≤ 0.5), general 1. */
export function shareOfPhase(phase: Phase, guardedShare: number): number {
  switch (phase) {
    case 'shadow':
      return 0;
    case 'canary':
      return 0.05;
    case 'guarded':
      return guardedShare;
    case 'general':
      return 1;
  }
}

/** τ to serve now; 0 while frozen for drift (the baseline only, so b(a) = 0 for other arms). */
export function servingShare(
  state: Pick<RolloutState, 'phase' | 'frozenReason'>,
  guardedShare: number,
): number {
  return state.frozenReason === 'drift' ? 0 : shareOfPhase(state.phase, guardedShare);
}
