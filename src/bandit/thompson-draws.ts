import { type NigPosterior, sampleMean } from './nig-posterior';
import type { Rng } from './prng';

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
 * M draws from each posterior; the arm with the largest sampled μ wins the draw (ties → lowest
 * index). Only arms with eligible[i] take part (others win 0). Draw-major order (draw j samples
 * every eligible arm in index order), which the reproducibility guarantee depends on.
 */
export function drawWinners(
  rng: Rng,
  posteriors: NigPosterior[],
  draws: number,
  eligible?: boolean[],
): ThompsonDraws {
  const armCount = posteriors.length;
  if (armCount > MAX_ARMS) throw new RangeError(`drawWinners: at most ${MAX_ARMS} arms, got ${armCount}`);
  if (!Number.isInteger(draws) || draws < 1)
    throw new RangeError(`drawWinners: draws must be a positive integer`);
  if (eligible !== undefined && eligible.length !== armCount) {
    throw new RangeError('drawWinners: eligible must have one entry per arm');
  }
  const arms: number[] = [];
  for (let i = 0; i < armCount; i++) if (eligible?.[i] ?? true) arms.push(i);
  if (arms.length === 0) throw new RangeError('drawWinners: no eligible arm');

  const winners = new Uint16Array(draws);
  const wins = new Array<number>(armCount).fill(0);
  for (let j = 0; j < draws; j++) {
    let best = -1;
    let bestMean = Number.NEGATIVE_INFINITY;
    for (const i of arms) {
      const mean = sampleMean(rng, posteriors[i]!);
      // Strict > keeps the lowest index on ties; best === -1 covers a -Infinity draw.
      if (best === -1 || mean > bestMean) {
        best = i;
        bestMean = mean;
      }
    }
    winners[j] = best;
    wins[best]! += 1;
  }
  return { winners, wins };
}

/** P(arm i is best) estimate = wins/M (used for a confidence figure). */
export function probabilityBest(draws: ThompsonDraws): number[] {
  const m = draws.winners.length;
  return draws.wins.map((w) => w / m);
}
