/**
 * A candidate for wave 2, measured by bench/routing-sim.ts: Thompson on each arm's *contrast*
 * with the baseline, with an empirical-Bayes group prior on the contrast (not on the arm's level,
 * which differs between subjects: pooling levels is what hurts). Levels cancel from the choice,
 * so only δ = μ(arm) − μ(baseline) is drawn; the cost term is known from the price and added.
 */

import { sampleStandardNormal } from '../src/bandit/distributions';
import type { GaussianStats } from '../src/bandit/gaussian-stats';
import type { Rng } from '../src/common/seeded-rng';

export interface ContrastEvidence {
  /** own estimate of μ(arm) − μ(baseline) and its variance (Infinity when an arm has no data) */
  estimate: number;
  variance: number;
}

const FALLBACK_VARIANCE = 0.25;

/** Pooled within-arm variance of one member, or the fallback when it has too little data. */
export function withinVariance(base: GaussianStats, other: GaussianStats): number {
  const dof = base.n + other.n - 2;
  return dof >= 10 ? (base.m2 + other.m2) / dof : FALLBACK_VARIANCE;
}

export function ownContrast(base: GaussianStats, other: GaussianStats, sigma2: number): ContrastEvidence {
  if (base.n < 1 || other.n < 1) return { estimate: 0, variance: Number.POSITIVE_INFINITY };
  return { estimate: other.mean - base.mean, variance: sigma2 * (1 / base.n + 1 / other.n) };
}

/**
 * The group's prior on a contrast from the other members' own contrasts: precision-weighted
 * mean, and between-member variance τ² by the method of moments (DerSimonian–Laird), never
 * tighter than `priorWeight` pseudo-outcomes per arm would make it (σ²·2/priorWeight).
 */
export function contrastPrior(
  others: ContrastEvidence[],
  sigma2: number,
  priorWeight: number,
): ContrastEvidence {
  const finite = others.filter((e) => Number.isFinite(e.variance));
  const floor = (2 * sigma2) / priorWeight;
  if (finite.length < 2) return { estimate: 0, variance: Number.POSITIVE_INFINITY };
  const w = finite.map((e) => 1 / e.variance);
  const sw = w.reduce((s, x) => s + x, 0);
  const mean = finite.reduce((s, e, i) => s + w[i]! * e.estimate, 0) / sw;
  const q = finite.reduce((s, e, i) => s + w[i]! * (e.estimate - mean) ** 2, 0);
  const c = sw - w.reduce((s, x) => s + x * x, 0) / sw;
  const tau2 = Math.max(0, (q - (finite.length - 1)) / c);
  return { estimate: mean, variance: Math.max(tau2, floor) };
}

/** Normal–normal update of the member's contrast: prior (the group's) times its own evidence. */
export function contrastPosterior(prior: ContrastEvidence, own: ContrastEvidence): ContrastEvidence {
  const pp = Number.isFinite(prior.variance) ? 1 / prior.variance : 0;
  const po = Number.isFinite(own.variance) ? 1 / own.variance : 0;
  if (pp + po === 0) return { estimate: 0, variance: 1 };
  return { estimate: (pp * prior.estimate + po * own.estimate) / (pp + po), variance: 1 / (pp + po) };
}

/** M draws: the share in which the other arm beats the baseline once `advantage` (cost) is added. */
export function contrastWins(rng: Rng, post: ContrastEvidence, advantage: number, draws: number): number[] {
  const winners: number[] = [];
  const sd = Math.sqrt(post.variance);
  for (let j = 0; j < draws; j++)
    winners.push(post.estimate + sd * sampleStandardNormal(rng) + advantage > 0 ? 1 : 0);
  return winners;
}
