import type { Rng } from '../common/seeded-rng';
import { type NigPosterior, sampleMean } from './nig-posterior';

/** M seeded Thompson draws: serving the winner of one draw picked uniformly gives an exact propensity. */
export interface ThompsonDraws {
  /** winners[j] = index of the arm that won draw j */
  winners: Uint16Array;
  /** wins[i] = how many of the M draws arm i won; Σ wins = M */
  wins: number[];
}

/** Uint16Array holds the winners: 65 535 arms is far beyond any parameter grid we serve. */
const MAX_ARMS = 0xffff;

/**
 * The one draw-winner loop: M draws, each sampling every arm of `arms` in index order
 * (draw-major, the order the reproducibility guarantee depends on); the largest sampled score
 * wins the draw, ties and NaN to the lowest index. Arms not in `arms` win 0.
 */
export function countDrawWinners(
  draws: number,
  arms: readonly number[],
  armCount: number,
  sampleScore: (arm: number) => number,
): ThompsonDraws {
  if (armCount > MAX_ARMS) throw new RangeError(`at most ${MAX_ARMS} arms, got ${armCount}`);
  if (!Number.isInteger(draws) || draws < 1) throw new RangeError('draws must be a positive integer');
  if (arms.length === 0) throw new RangeError('no eligible arm');
  const winners = new Uint16Array(draws);
  const wins = new Array<number>(armCount).fill(0);
  for (let j = 0; j < draws; j++) {
    let best = arms[0]!;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const i of arms) {
      const score = sampleScore(i);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    winners[j] = best;
    wins[best]! += 1;
  }
  return { winners, wins };
}

/**
 * M draws from each posterior; the arm with the largest sampled μ wins the draw. Only arms
 * with eligible[i] take part (others win 0).
 */
export function drawWinners(
  rng: Rng,
  posteriors: NigPosterior[],
  draws: number,
  eligible?: readonly boolean[],
): ThompsonDraws {
  const armCount = posteriors.length;
  if (eligible !== undefined && eligible.length !== armCount) {
    throw new RangeError('drawWinners: eligible must have one entry per arm');
  }
  const arms: number[] = [];
  for (let i = 0; i < armCount; i++) if (eligible?.[i] ?? true) arms.push(i);
  return countDrawWinners(draws, arms, armCount, (i) => sampleMean(rng, posteriors[i]!));
}

/** P(arm i is best) estimate = wins/M (used for a confidence figure). */
export function probabilityBest(draws: ThompsonDraws): number[] {
  const m = draws.winners.length;
  return draws.wins.map((w) => w / m);
}
