/** One study's estimate of an effect and the variance of that estimate (its squared standard error). */
export interface Estimate {
  value: number;
  variance: number;
}

export interface RandomEffectsPool {
  /** the random-effects mean of the effect */
  mean: number;
  /** the variance of that mean */
  meanVariance: number;
  /** τ², the between-study variance of the true effects */
  tau2: number;
  /** what a new study's true effect is expected to spread by: τ² + the mean's variance */
  predictiveVariance: number;
}

/**
 * DerSimonian–Laird random-effects pooling (DerSimonian & Laird, 1986): the between-study
 * variance τ² by the method of moments from Cochran's Q, then the inverse-variance mean with
 * weights 1/(vᵢ + τ²). Why random effects: members of a group differ for real in how much one
 * arm beats another, and a fixed-effect pool would claim a precision it does not have, which is
 * how pooling delays the switch in a member where the cheaper arm wins. Null below two studies
 * (no spread to estimate) or when a variance is not finite and positive.
 */
export function randomEffectsPool(studies: readonly Estimate[]): RandomEffectsPool | null {
  if (studies.length < 2 || studies.some((s) => !(s.variance > 0 && Number.isFinite(s.variance))))
    return null;
  const w = studies.map((s) => 1 / s.variance);
  const sw = sum(w);
  const fixedMean = sum(studies.map((s, i) => w[i]! * s.value)) / sw;
  const q = sum(studies.map((s, i) => w[i]! * (s.value - fixedMean) ** 2));
  const c = sw - sum(w.map((x) => x * x)) / sw;
  const tau2 = Math.max(0, (q - (studies.length - 1)) / c);
  const wr = studies.map((s) => 1 / (s.variance + tau2));
  const swr = sum(wr);
  const mean = sum(studies.map((s, i) => wr[i]! * s.value)) / swr;
  return { mean, meanVariance: 1 / swr, tau2, predictiveVariance: tau2 + 1 / swr };
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
