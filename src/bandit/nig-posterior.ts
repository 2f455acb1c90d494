import type { Rng } from '../common/seeded-rng';
import { sampleInverseGamma, sampleStandardNormal } from './distributions';
import type { GaussianStats } from './gaussian-stats';
import { studentTQuantile } from './student-t';

/** Normal-Inverse-Gamma prior over (μ, σ²): σ² ~ InvGamma(α0, β0), μ | σ² ~ N(μ0, σ²/κ0). */
export interface NigPrior {
  mu0: number;
  kappa0: number;
  alpha0: number;
  beta0: number;
}

/**
 * Weakly informative for rewards roughly in [−1, 1]: κ0 = 0.1 is a tenth of a pseudo-observation
 * at μ0 = 0, so one real reward outweighs it; α0 = 1, β0 = 0.1 put the median of σ² near 0.14
 * (σ ≈ 0.38) with a heavy right tail, worth two observations of spread. See docs/bandit.md.
 */
export const DEFAULT_NIG_PRIOR: NigPrior = Object.freeze({ mu0: 0, kappa0: 0.1, alpha0: 1, beta0: 0.1 });

export interface NigPosterior {
  mu: number;
  kappa: number;
  alpha: number;
  beta: number;
}

/** Conjugate update of DESIGN §3, from (n, mean, M2); with n = 0 it returns the prior. */
export function nigPosterior(stats: GaussianStats, prior: NigPrior): NigPosterior {
  const { mu0, kappa0, alpha0, beta0 } = prior;
  if (!(kappa0 > 0 && alpha0 > 0 && beta0 > 0)) {
    throw new RangeError('nigPosterior: kappa0, alpha0 and beta0 must be > 0');
  }
  const { n, mean, m2 } = stats;
  const kappa = kappa0 + n;
  const offset = mean - mu0;
  return {
    mu: (kappa0 * mu0 + n * mean) / kappa,
    kappa,
    alpha: alpha0 + n / 2,
    beta: beta0 + m2 / 2 + (kappa0 * n * offset * offset) / (2 * kappa),
  };
}

/** One posterior draw of the arm's mean reward: σ² ~ InvGamma(α, β), then μ ~ N(μn, σ²/κn). */
export function sampleMean(rng: Rng, post: NigPosterior): number {
  const sigma2 = sampleInverseGamma(rng, post.alpha, post.beta);
  return post.mu + Math.sqrt(sigma2 / post.kappa) * sampleStandardNormal(rng);
}

/**
 * Posterior mean of μ and a two-sided credible interval (level e.g. 0.95) from its marginal,
 * μ ~ t_{2α}(μn, β/(α κn)).
 */
export function meanInterval(post: NigPosterior, level: number): { mean: number; low: number; high: number } {
  if (!(level > 0 && level < 1)) throw new RangeError(`meanInterval: level must be in (0, 1), got ${level}`);
  const scale = Math.sqrt(post.beta / (post.alpha * post.kappa));
  const half = studentTQuantile(0.5 + level / 2, 2 * post.alpha) * scale;
  return { mean: post.mu, low: post.mu - half, high: post.mu + half };
}
