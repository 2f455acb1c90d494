import { describe, expect, it } from 'vitest';
import type { NigPosterior } from '../../../src/bandit/nig-posterior';
import { countDrawWinners, drawWinners, probabilityBest } from '../../../src/bandit/thompson-draws';
import { seededRng } from '../../../src/common/seeded-rng';

interface Marginal {
  loc: number;
  scale: number;
  nu: number;
}

/** μ ~ t_{2α}(μn, β/(α κn)): the closed-form marginal of an NIG posterior's mean. */
const marginalOf = (p: NigPosterior): Marginal => ({
  loc: p.mu,
  scale: Math.sqrt(p.beta / (p.alpha * p.kappa)),
  nu: 2 * p.alpha,
});

interface Grid {
  lo: number;
  h: number;
  points: number;
}

/**
 * A Student-t density and CDF on a fine grid: the unnormalised density (1 + z²/ν)^(−(ν+1)/2)
 * normalised by its trapezoid integral, and the CDF as its running integral. Nothing here uses
 * the library's t code, so it is an independent source.
 */
function numericalT(m: Marginal, grid: Grid): { pdf: Float64Array; cdf: Float64Array } {
  const { lo, h, points } = grid;
  const pdf = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    const z = (lo + i * h - m.loc) / m.scale;
    pdf[i] = (1 + (z * z) / m.nu) ** (-(m.nu + 1) / 2);
  }
  const cdf = new Float64Array(points);
  for (let i = 1; i < points; i++) cdf[i] = cdf[i - 1]! + 0.5 * (pdf[i - 1]! + pdf[i]!) * h;
  const mass = cdf[points - 1]!;
  for (let i = 0; i < points; i++) {
    pdf[i]! /= mass;
    cdf[i]! /= mass;
  }
  return { pdf, cdf };
}

function gridFor(ms: Marginal[]): Grid {
  // ±400 scales leaves < 1e-12 of a t_6's mass outside the grid.
  const width = 400 * Math.max(...ms.map((m) => m.scale));
  const lo = Math.min(...ms.map((m) => m.loc)) - width;
  const hi = Math.max(...ms.map((m) => m.loc)) + width;
  const points = 2_000_001;
  return { lo, h: (hi - lo) / (points - 1), points };
}

/** P(μa > μb) = ∫ fa(x)·Fb(x) dx, by the trapezoid rule on the grid. */
function exactProbabilityFirstBeats(a: NigPosterior, b: NigPosterior): number {
  const ma = marginalOf(a);
  const mb = marginalOf(b);
  const grid = gridFor([ma, mb]);
  const fa = numericalT(ma, grid).pdf;
  const Fb = numericalT(mb, grid).cdf;
  let p = 0;
  for (let i = 1; i < grid.points; i++) p += 0.5 * (fa[i - 1]! * Fb[i - 1]! + fa[i]! * Fb[i]!) * grid.h;
  return p;
}

describe('drawWinners', () => {
  it('estimates P(arm 0 beats arm 1) within 4 standard errors of the exact two-arm integral', () => {
    const a: NigPosterior = { mu: 0.5, kappa: 5, alpha: 3, beta: 0.6 };
    const b: NigPosterior = { mu: 0.4, kappa: 10, alpha: 6, beta: 1 };
    const exact = exactProbabilityFirstBeats(a, b);
    const m = 100_000;
    const draws = drawWinners(seededRng('two-arm'), [a, b], m);
    const estimate = draws.wins[0]! / m;
    // scipy: quad(t(6, .5, √.04).pdf · t(12, .4, √(1/60)).cdf) = 0.651158; far from 0.5 or 1, so the test has power.
    expect(exact).toBeCloseTo(0.651158, 5);
    expect(Math.abs(estimate - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / m));
  });

  it('checks its own integrator: the numerical t_6 CDF at 2.447 is 0.975 (t table)', () => {
    const m: Marginal = { loc: 0, scale: 1, nu: 6 };
    const grid = gridFor([m]);
    const { cdf } = numericalT(m, grid);
    expect(cdf[Math.round((2.447 - grid.lo) / grid.h)]).toBeCloseTo(0.975, 4);
  });

  it('keeps Σ wins = M, records each winner, and gives ineligible arms nothing', () => {
    const posteriors: NigPosterior[] = [
      { mu: 0.9, kappa: 50, alpha: 25, beta: 1 },
      { mu: 0.5, kappa: 50, alpha: 25, beta: 1 },
      { mu: 0.6, kappa: 2, alpha: 1, beta: 0.1 },
    ];
    const draws = drawWinners(seededRng('eligible'), posteriors, 1000, [false, true, true]);
    expect(draws.wins[0]).toBe(0);
    expect(draws.wins.reduce((s, w) => s + w, 0)).toBe(1000);
    const recount = [0, 0, 0];
    for (const w of draws.winners) recount[w]! += 1;
    expect(recount).toEqual(draws.wins);
    expect(probabilityBest(draws).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
  });

  it('breaks ties toward the lowest index', () => {
    // κ = 1e300 makes every draw land exactly on μ, so all arms tie on every draw.
    const point: NigPosterior = { mu: 0.5, kappa: 1e300, alpha: 2, beta: 1 };
    const draws = drawWinners(seededRng('ties'), [point, point, point], 100, [false, true, true]);
    expect(draws.wins).toEqual([0, 100, 0]);
  });

  it('is reproducible: the same seed gives the same winners', () => {
    const posteriors: NigPosterior[] = [
      { mu: 0.5, kappa: 3, alpha: 2.5, beta: 0.3 },
      { mu: 0.52, kappa: 3, alpha: 2.5, beta: 0.3 },
    ];
    const one = drawWinners(seededRng('again'), posteriors, 1000);
    const two = drawWinners(seededRng('again'), posteriors, 1000);
    expect(two.winners).toEqual(one.winners);
  });

  it('refuses zero draws, a mismatched eligibility mask, and no eligible arm', () => {
    const p: NigPosterior = { mu: 0, kappa: 1, alpha: 1, beta: 1 };
    expect(() => drawWinners(seededRng(1), [p], 0)).toThrow(RangeError);
    expect(() => drawWinners(seededRng(1), [p], 10, [true, true])).toThrow(RangeError);
    expect(() => drawWinners(seededRng(1), [p], 10, [false])).toThrow(RangeError);
  });
});

describe('countDrawWinners', () => {
  it('samples every listed arm once per draw, in index order, and counts the largest', () => {
    const sampled: number[] = [];
    // Draw j scores arm i as (i + j) mod 3: the winner rotates 2, 1, 0, 2, …
    let j = 0;
    const result = countDrawWinners(4, [0, 1, 2], 3, (i) => {
      sampled.push(i);
      const score = (i + j) % 3;
      if (i === 2) j += 1;
      return score;
    });
    expect(sampled).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
    expect(Array.from(result.winners)).toEqual([2, 1, 0, 2]);
    expect(result.wins).toEqual([1, 1, 2]);
  });

  it('gives ties, NaN and −∞ to the lowest listed arm, and nothing to unlisted arms', () => {
    expect(countDrawWinners(3, [1, 3], 4, () => 0.5).wins).toEqual([0, 3, 0, 0]);
    expect(countDrawWinners(2, [1, 2], 3, () => Number.NaN).wins).toEqual([0, 2, 0]);
    expect(countDrawWinners(2, [0, 1], 2, () => Number.NEGATIVE_INFINITY).wins).toEqual([2, 0]);
  });

  it('refuses no arms, no draws and more arms than the winners can hold', () => {
    expect(() => countDrawWinners(1, [], 1, () => 0)).toThrow(RangeError);
    expect(() => countDrawWinners(0, [0], 1, () => 0)).toThrow(RangeError);
    expect(() => countDrawWinners(1, [0], 0x10000, () => 0)).toThrow(RangeError);
  });
});
