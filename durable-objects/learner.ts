import type { ThompsonDraws } from '../src/bandit/thompson-draws';
import { addReward } from '../src/optimizer/arm-stats';
import { contextualPolicyOf } from '../src/optimizer/policy-decision';
import { armStats, decisionTeachesArm, type PolicyState } from '../src/optimizer/policy-state';
import { thompsonDrawsFor } from '../src/optimizer/recommend';
import { type PendingDecision, rewardAfterWait } from '../src/optimizer/record-outcome';
import type { LinearState } from '../src/policies/linear-state';
import type { TaskTypeStore } from './task-type-store';

const DRAWS_REFRESH_MS = 100;

/**
 * How a task type's policy learns: rewards into the posterior (and the linear models), a new
 * revision per reward, and the cached Thompson draws that exact propensities are served from.
 */
export class Learner {
  /** the M posterior draws behind exact propensities, and the revision they were drawn at */
  private draws: { revision: number; computedAtMs: number; draws: ThompsonDraws } | null = null;

  constructor(private readonly store: TaskTypeStore) {}

  forgetDraws(): void {
    this.draws = null;
  }

  /**
   * Drawing M posterior samples per arm costs milliseconds, so under load the draws are
   * refreshed at most every DRAWS_REFRESH_MS; each decision logs the revision it was served
   * from, and its propensity is exact for those draws.
   */
  drawsFor(state: PolicyState, nowMs: number) {
    const cached = this.draws;
    if (cached && (cached.revision === state.revision || nowMs - cached.computedAtMs < DRAWS_REFRESH_MS))
      return cached;
    this.draws = { revision: state.revision, computedAtMs: nowMs, draws: thompsonDrawsFor(state) };
    return this.draws;
  }

  /**
   * Adds a reward to the posterior (and, for the linear policies, to A and b at the decision's
   * encoded context): a new revision, whose draws are computed on a later request.
   */
  learn(state: PolicyState, pending: PendingDecision, reward: number): void {
    state.revision += 1;
    this.store.saveRevision(state.revision);
    state.arms[pending.armId] = addReward(armStats(state, pending.armId), reward);
    const armIndex = state.config.arms.findIndex((a) => a.id === pending.armId);
    // A decision made under an older feature set (another dimension) cannot teach the new model.
    const encoded = pending.encoded;
    if (state.linear && encoded && encoded.length === state.linear.dimension && armIndex >= 0) {
      const x = Float64Array.from(encoded);
      const updated = contextualPolicyOf(state).update(state.linear, armIndex, x, reward);
      // Never keep a model that overflowed: it would answer every later request with NaN.
      if (isFiniteModel(updated)) {
        state.linear = updated;
        this.store.saveLinear(state.linear);
      }
    }
  }

  /** Scores decisions whose quality never came, after `rewardWaitMs` (DESIGN.md §4). */
  settleRewardWaits(state: PolicyState, nowMs: number): void {
    if (state.config.reward.defaultQuality === null) return;
    for (const pending of this.store.unrewardedBefore(nowMs - state.config.reward.rewardWaitMs, 500)) {
      const reward = rewardAfterWait(pending, state.config.reward, nowMs);
      if (reward === null) continue;
      const settled: PendingDecision = { ...pending, reward };
      this.store.updateOutcome(settled);
      if (!decisionTeachesArm(state, pending.armId, pending.configVersion)) continue;
      this.learn(state, pending, reward);
      this.store.saveArm(pending.armId, state.arms[pending.armId]!);
    }
  }
}

function isFiniteModel(linear: LinearState): boolean {
  return linear.arms.every(
    (arm) =>
      arm.a.every(Number.isFinite) && arm.b.every(Number.isFinite) && arm.aInverse.every(Number.isFinite),
  );
}
