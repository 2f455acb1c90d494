/**
 * Confidence sequences for means by betting (Waudby-Smith & Ramdas, JRSS-B 2024), valid at every
 * sample size at once: re-reading the bounds after each observation costs nothing (no alpha
 * spending).
 *
 * For a candidate mean m, a gambler bets a predictable fraction λᵢ ∈ [0, 1) of her wealth on
 * yᵢ(m) = (Xᵢ − m)/Bᵢ, where the scale Bᵢ is known before Xᵢ and makes yᵢ ≥ −1. Her wealth
 * Πᵢ(1 + λᵢ yᵢ(m)) is a non-negative supermartingale when the true mean is ≤ m, so by Ville's
 * inequality it ever reaches 1/α with probability ≤ α. Fan et al.'s inequality
 * log(1 + λy) ≥ λy − ψ(λ)y² (y ≥ −1, ψ(λ) = −log(1 − λ) − λ) turns log-wealth into a
 * quadratic in m whose coefficients are five running sums, so the state is O(1), a plain JSON
 * object, and the bounds are roots of a quadratic. Because the bets λᵢ never depend on m, the
 * wealth is monotone in m and the rejected set is an interval: the root is the bound.
 *
 * The bets are the "predictable plug-in" of Waudby-Smith & Ramdas (their eq. 26):
 * λᵢ = min(λmax, √(2·log(1/α₀) / (σ̂²ᵢ₋₁ · i · log(1 + i)))), with σ̂² a running variance
 * started at ¼ (the largest a [0, 1] variable has). That prior is why a zero-variance sample
 * never gives a tight bound: n zeros bound a [0, 1] mean above by about 2·log(1/α)/n, like the
 * exact binomial bound does, never by 0.
 *
 * States are mutated in place by `foldMeanCs` (one observation is O(1); the guard folds
 * thousands a minute), and stay JSON-serializable so a Durable Object can persist them.
 */

export interface MeanCsState {
  /** observations folded */
  n: number;
  /** α₀ the bets are tuned for; the bounds are valid at any α, tightest near α₀ */
  designAlpha: number;
  /** largest bet, < 1 */
  maxBet: number;
  /** the n the bets are tuned for; 0 for the i·log(1 + i) schedule */
  horizon: number;
  /** Σλᵢ/Bᵢ, Σλᵢ·Xᵢ/Bᵢ */
  sumLambda: number;
  sumLambdaX: number;
  /** Σψᵢ/Bᵢ², Σψᵢ·Xᵢ/Bᵢ², Σψᵢ·Xᵢ²/Bᵢ² */
  sumPsi: number;
  sumPsiX: number;
  sumPsiX2: number;
  /** running mean and squared deviations of Xᵢ/Bᵢ for the plug-in bet (prior ½ and ¼, WSR eq. 26) */
  scaledSum: number;
  scaledSquares: number;
  /** plain Σ Xᵢ, for the point estimate */
  sum: number;
}

export interface MeanCsOptions {
  /** α the bets are tuned for (default 0.005); bounds may be read at any α */
  designAlpha?: number;
  /** cap on λ (default 0.5, as in Waudby-Smith & Ramdas) */
  maxBet?: number;
  /**
   * sample size the bets are tuned for: λ ≈ √(2·log(1/α₀)/(σ̂²·horizon)), tightest near that n
   * and valid at every n. Default 0: the schedule i·log(1 + i) of Waudby-Smith & Ramdas, good
   * at every n but tightest at none.
   */
  horizon?: number;
}

export interface Bounds {
  /** largest m proven ≤ the mean; −Infinity when nothing is proven yet */
  low: number;
  /** smallest m proven ≥ the mean; +Infinity when nothing is proven yet */
  high: number;
}

export function emptyMeanCs(options: MeanCsOptions = {}): MeanCsState {
  const designAlpha = options.designAlpha ?? 0.005;
  const maxBet = options.maxBet ?? 0.5;
  if (!(designAlpha > 0 && designAlpha < 1))
    throw new RangeError('emptyMeanCs: designAlpha must be in (0, 1)');
  if (!(maxBet > 0 && maxBet < 1)) throw new RangeError('emptyMeanCs: maxBet must be in (0, 1)');
  const horizon = options.horizon ?? 0;
  if (!(horizon >= 0 && Number.isFinite(horizon))) throw new RangeError('emptyMeanCs: horizon must be ≥ 0');
  return {
    n: 0,
    designAlpha,
    maxBet,
    horizon,
    sumLambda: 0,
    sumLambdaX: 0,
    sumPsi: 0,
    sumPsiX: 0,
    sumPsiX2: 0,
    scaledSum: 0,
    scaledSquares: 0,
    sum: 0,
  };
}

/** ψ_E(λ) = −log(1 − λ) − λ ≥ 0, the price of betting λ in Fan's inequality. */
export function psiE(lambda: number): number {
  return -Math.log1p(-lambda) - lambda;
}

/** The predictable plug-in bet for observation i = n + 1, from what was folded before it. */
export function nextBet(state: MeanCsState): number {
  const i = state.n + 1;
  const variance = (0.25 + state.scaledSquares) / i;
  const effective = state.horizon > 0 ? state.horizon : i * Math.log(1 + i);
  const raw = Math.sqrt((2 * Math.log(1 / state.designAlpha)) / (variance * effective));
  return Math.min(state.maxBet, raw);
}

/**
 * Folds one observation x whose distance below any candidate mean is at most `scale`
 * (x − m ≥ −scale for every m the bounds will be asked about; 1 for [0, 1] data). The scale
 * must be fixed before x is seen. Mutates and returns the state.
 */
export function foldMeanCs(state: MeanCsState, x: number, scale = 1): MeanCsState {
  if (!Number.isFinite(x)) throw new RangeError(`foldMeanCs: x must be finite, got ${x}`);
  if (!(scale > 0 && Number.isFinite(scale)))
    throw new RangeError(`foldMeanCs: scale must be > 0, got ${scale}`);
  const lambda = nextBet(state);
  const psi = psiE(lambda);
  const b2 = scale * scale;
  state.sumLambda += lambda / scale;
  state.sumLambdaX += (lambda * x) / scale;
  state.sumPsi += psi / b2;
  state.sumPsiX += (psi * x) / b2;
  state.sumPsiX2 += (psi * x * x) / b2;
  // The plug-in variance uses the mean before this observation (WSR eq. 26): deviations of
  // the scaled value from the running mean that includes the prior ½.
  const scaled = x / scale;
  const meanBefore = (0.5 + state.scaledSum) / (state.n + 1);
  state.scaledSum += scaled;
  state.n += 1;
  state.scaledSquares += (scaled - meanBefore) ** 2;
  state.sum += x;
  return state;
}

/** Plain sample mean (NaN when empty). */
export function meanOf(state: MeanCsState): number {
  return state.n > 0 ? state.sum / state.n : Number.NaN;
}

/**
 * Lower bound of the mean at level α (one-sided): the largest m whose wealth lower bound
 * Σλ(X − m)/B − Σψ(X − m)²/B² reaches log(1/α). −Infinity when no m is rejected yet.
 * Valid whenever every folded x satisfied x − m ≥ −scale for the m in question.
 */
export function meanLowerBound(state: MeanCsState, alpha: number): number {
  const level = Math.log(1 / alpha);
  // Q(m) = −E m² + (2D − L) m + (A − C): E = Σψ/B², D = Σψx/B², L = Σλ/B, A = Σλx/B, C = Σψx²/B²
  const roots = quadraticRoots(
    -state.sumPsi,
    2 * state.sumPsiX - state.sumLambda,
    state.sumLambdaX - state.sumPsiX2 - level,
  );
  return roots === null ? Number.NEGATIVE_INFINITY : roots[1];
}

/**
 * Upper bound of the mean at level α (one-sided), by the same bet on (m − X)/B: valid when
 * every folded x satisfied m − x ≥ −scale too (for [0, 1] data with scale 1, always).
 */
export function meanUpperBound(state: MeanCsState, alpha: number): number {
  const level = Math.log(1 / alpha);
  // Q⁺(m) = −E m² + (2D + L) m − (A + C)
  const roots = quadraticRoots(
    -state.sumPsi,
    2 * state.sumPsiX + state.sumLambda,
    -state.sumLambdaX - state.sumPsiX2 - level,
  );
  return roots === null ? Number.POSITIVE_INFINITY : roots[0];
}

/** Two-sided bounds at level α (α/2 each side), clipped to [lo, hi] when given. */
export function meanBounds(state: MeanCsState, alpha: number, range: [number, number] = [0, 1]): Bounds {
  const low = Math.max(range[0], meanLowerBound(state, alpha / 2));
  const high = Math.min(range[1], meanUpperBound(state, alpha / 2));
  return { low, high };
}

/**
 * Roots of a·m² + b·m + c = 0 in ascending order, for a ≤ 0 (a concave quadratic, or a line
 * when a = 0); null when Q never reaches the level.
 */
function quadraticRoots(a: number, b: number, c: number): [number, number] | null {
  if (a === 0) {
    // Only possible before any observation: nothing can be rejected.
    if (b === 0) return null;
    const root = -c / b;
    return b > 0 ? [root, Number.POSITIVE_INFINITY] : [Number.NEGATIVE_INFINITY, root];
  }
  const discriminant = b * b - 4 * a * c;
  if (!(discriminant >= 0)) return null;
  const sqrt = Math.sqrt(discriminant);
  // a < 0: (−b ± √Δ)/(2a), stable form.
  const q = -0.5 * (b + Math.sign(b || 1) * sqrt);
  const r1 = q / a;
  const r2 = q !== 0 ? c / q : r1;
  return r1 < r2 ? [r1, r2] : [r2, r1];
}
