/** Sample mean and (n − 1) variance by two passes: the textbook definition, no shortcuts. */
export function sampleMoments(xs: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  const mean = sum / xs.length;
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i]! - mean) ** 2;
  return { mean, variance: ss / (xs.length - 1) };
}

/**
 * CLT tolerances for checking sample moments against closed forms: the standard error of the
 * mean is σ/√n, and of the sample variance ≈ σ²·√((2 + excess kurtosis)/n).
 */
export function momentTolerances(
  n: number,
  variance: number,
  excessKurtosis: number,
  standardErrors = 5,
): { mean: number; variance: number } {
  return {
    mean: standardErrors * Math.sqrt(variance / n),
    variance: standardErrors * variance * Math.sqrt((2 + excessKurtosis) / n),
  };
}
