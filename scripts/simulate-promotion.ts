/**
 * `simulate -- promotion`: two arms, the baseline's reward Bernoulli(0.5) and the other arm's
 * Bernoulli(0.5 + gap); the live policy learns from the phase's outcomes, every rewarded row is
 * folded into the anytime off-policy CS exactly as the Durable Object folds it (`promotionRow`,
 * target = the phase-start snapshot: the policy before it learned, π = ½ on each arm), the guard
 * runs too, and the gate (src/rollout/anytime-promotion.ts) is read at every hourly look.
 *
 * The live policy stands in for the default `thompson-gaussian` with ε = 0.05: the probability
 * that the other arm's posterior draw is higher (normal posteriors), floored at ε/2 per arm,
 * refreshed every minute (any propensity known before the reward keeps the CS valid).
 * `fixedPolicy` P replaces it by a policy that serves the other arm with probability P and never
 * learns (so the behaviour's propensities stay put); its snapshot is the same P.
 */

import { sampleStandardNormal } from '../src/bandit/distributions';
import { type Rng, seededRng } from '../src/common/seeded-rng';
// The guard exactly as the Durable Object runs it.
import * as anytimeGuard from '../src/rollout/anytime-guard';
import {
  anytimeEvaluation,
  anytimePromotionDecision,
  PROMOTION_ALPHA,
  promotionRow,
} from '../src/rollout/anytime-promotion';
import { DEFAULT_ROLLOUT_SETTINGS } from '../src/rollout/config';
import type { RolloutState } from '../src/rollout/phase-machine';
import { emptyOffPolicyCs, foldOffPolicyRow } from '../src/stats/off-policy-cs';

export interface PromotionOptions {
  runs: number;
  hours: number;
  rate: number;
  phase: 'canary' | 'guarded';
  share: number;
  gap: number;
  seed: string;
  /** serve the other arm with this fixed probability instead of learning */
  fixedPolicy?: number | undefined;
}

const EPSILON = 0.05;

/** Φ(z) by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): enough for a stand-in policy. */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

function altProbability(n: [number, number], s: [number, number]): number {
  // Beta(1 + s, 1 + n − s) posteriors, approximated as normal for the probability of being best.
  const mean = (i: 0 | 1) => (1 + s[i]) / (2 + n[i]);
  const variance = (i: 0 | 1) => (mean(i) * (1 - mean(i))) / (3 + n[i]);
  const z = (mean(1) - mean(0)) / Math.sqrt(variance(0) + variance(1));
  return EPSILON / 2 + (1 - EPSILON) * normalCdf(z);
}

const lognormal = (rng: Rng) => 400 * Math.exp(0.3 * sampleStandardNormal(rng));

export function simulatePromotion(options: PromotionOptions) {
  const settings = DEFAULT_ROLLOUT_SETTINGS;
  const guardSettings = anytimeGuard.DEFAULT_ANYTIME_GUARD_SETTINGS;
  const tau = options.share;
  const endS = options.hours * 3600;
  const hoursToPromotion: number[] = [];
  let rollbacks = 0;
  for (let run = 0; run < options.runs; run++) {
    const rng = seededRng(`${options.seed}/promotion/${run}`);
    const guard = anytimeGuard.startAnytimeGuard(0);
    const evaluation = emptyOffPolicyCs(PROMOTION_ALPHA);
    const pulls: [number, number] = [0, 0];
    const wins: [number, number] = [0, 0];
    const policyAlt = () => options.fixedPolicy ?? altProbability(pulls, wins);
    // The phase-start snapshot, the target the object evaluates: the policy before it learned.
    const snapshotAlt = policyAlt();
    let liveAlt = snapshotAlt;
    const state: RolloutState = {
      phase: options.phase,
      frozen: false,
      frozenReason: null,
      frozenDetail: null,
      phaseStartedAtMs: 0,
      previousPhase: 'shadow',
      phasePolicyVersion: 'snapshot',
    };
    let t = 0;
    let nextMinute = 60;
    let verdict: ReturnType<typeof anytimeGuard.judgeAnytimeGuard>['verdict'] = 'inconclusive';
    let done = false;
    while (!done) {
      t += -Math.log(1 - rng()) / options.rate;
      while (nextMinute <= Math.min(t, endS) && !done) {
        liveAlt = policyAlt();
        verdict = anytimeGuard.judgeAnytimeGuard(guard, guardSettings).verdict;
        if (verdict === 'breach') {
          rollbacks++;
          done = true;
          break;
        }
        if (nextMinute % 3600 === 0) {
          const decision = anytimePromotionDecision({
            state,
            nowMs: nextMinute * 1000,
            settings,
            samples: { treated: guard.treated.quality.n, control: guard.control.quality.n },
            guard: verdict,
            evaluation: anytimeEvaluation(evaluation, 'snapshot', nextMinute * 1000),
            tokensPerQualityPoint: { policy: 1, baseline: 1 },
          });
          if (decision.promote) {
            hoursToPromotion.push(nextMinute / 3600);
            done = true;
          }
        }
        nextMinute += 60;
      }
      if (done || t > endS) break;
      const treated = rng() < tau;
      const arm = treated && rng() < liveAlt ? 1 : 0;
      const propensity = arm === 1 ? tau * liveAlt : 1 - tau + tau * (1 - liveAlt);
      const reward = rng() < 0.5 + (arm === 1 ? options.gap : 0) ? 1 : 0;
      pulls[arm]++;
      wins[arm] += reward;
      const logged = { propensity, share: tau, servedBaseline: arm === 0 };
      // Rewards are 0/1: the default reward config's range [0, 1] maps them onto themselves.
      const folded = promotionRow(logged, arm === 1 ? snapshotAlt : 1 - snapshotAlt, reward, [0, 1]);
      if (folded) foldOffPolicyRow(evaluation, folded.row);
      anytimeGuard.foldGuardOutcome(guard, treated ? 'treated' : 'control', {
        quality: reward,
        latencyMs: lognormal(rng),
        success: rng() >= 0.01,
      });
      // The check after every outcome: only a treated outcome can move the treated side.
      if (treated && anytimeGuard.firstAnytimeBreach(guard, guardSettings) !== null) {
        rollbacks++;
        done = true;
      }
    }
  }
  const sorted = [...hoursToPromotion].sort((a, b) => a - b);
  return {
    runs: options.runs,
    promotions: hoursToPromotion.length,
    promotionShare: hoursToPromotion.length / options.runs,
    medianHoursToPromotion: sorted.length === 0 ? null : sorted[sorted.length >> 1]!,
    rollbacks,
  };
}
