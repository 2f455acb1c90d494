import { dot, inverseSpd, matVec, quadraticForm, scaledIdentity, shermanMorrison } from './matrix';

/** One arm of a disjoint linear model. `a`, `b`, `n` are the statistics; the rest is cache. */
export interface LinearArm {
  /** A = λI + Σ xxᵀ (each term discounted by γ^age under forgetting), d×d row-major */
  a: number[];
  /** b = Σ r·x (discounted likewise) */
  b: number[];
  /** effective number of updates, Σ γ^age */
  n: number;
  /** cache: A⁻¹, kept by Sherman–Morrison and rebuilt from A */
  aInverse: number[];
  /** cache bookkeeping: updates since aInverse was last rebuilt from A */
  sinceRebuild: number;
}

/** State shared by LinUCB and linear Thompson: plain JSON, mergeable across shards. */
export interface LinearState {
  dimension: number;
  /** the ridge λ that A was started from; merge subtracts one λI, forgetting keeps it */
  lambda: number;
  arms: LinearArm[];
}

export interface LinearModelOptions {
  /** ridge λ > 0 (DESIGN §3 default 1) */
  lambda: number;
  /** forgetting γ ∈ (0, 1]; 1 keeps every reward forever */
  gamma: number;
  /** rebuild A⁻¹ from A after this many Sherman–Morrison updates (DESIGN §3: 1000) */
  rebuildEvery: number;
}

export const DEFAULT_LAMBDA = 1;
export const DEFAULT_REBUILD_EVERY = 1000;

export function resolveLinearOptions(options: Partial<LinearModelOptions>): LinearModelOptions {
  const lambda = options.lambda ?? DEFAULT_LAMBDA;
  const gamma = options.gamma ?? 1;
  const rebuildEvery = options.rebuildEvery ?? DEFAULT_REBUILD_EVERY;
  if (!(lambda > 0 && Number.isFinite(lambda))) throw new RangeError(`lambda must be > 0, got ${lambda}`);
  if (!(gamma > 0 && gamma <= 1)) throw new RangeError(`gamma must be in (0, 1], got ${gamma}`);
  if (!(rebuildEvery >= 1)) throw new RangeError(`rebuildEvery must be ≥ 1, got ${rebuildEvery}`);
  return { lambda, gamma, rebuildEvery };
}

export function initLinearState(armCount: number, dimension: number, lambda: number): LinearState {
  if (!Number.isInteger(armCount) || armCount < 1)
    throw new RangeError(`armCount must be ≥ 1, got ${armCount}`);
  if (!Number.isInteger(dimension) || dimension < 1)
    throw new RangeError(`dimension must be ≥ 1, got ${dimension}`);
  const arms: LinearArm[] = [];
  for (let i = 0; i < armCount; i++) {
    arms.push({
      a: scaledIdentity(dimension, lambda),
      b: new Array<number>(dimension).fill(0),
      n: 0,
      aInverse: scaledIdentity(dimension, 1 / lambda),
      sinceRebuild: 0,
    });
  }
  return { dimension, lambda, arms };
}

export function assertContext(state: LinearState, x: Float64Array): void {
  if (x.length !== state.dimension)
    throw new RangeError(`context has dimension ${x.length}, the state ${state.dimension}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new RangeError(`context coordinate ${i} is ${x[i]}`);
  }
}

/**
 * Learns reward r at x for one arm; returns a new state sharing the other arms. Without
 * forgetting: A += xxᵀ, b += r·x, A⁻¹ by Sherman–Morrison (rebuilt every `rebuildEvery`).
 * With γ < 1: A ← γA + (1−γ)λI + xxᵀ, so A − λI (the data part) decays by γ while the prior
 * λI stays whole: A stays positive definite and merges keep subtracting exactly one λI. The
 * (1−γ)λI term is full rank, so Sherman–Morrison does not apply and A⁻¹ is rebuilt each time.
 */
export function updateLinearState(
  state: LinearState,
  armIndex: number,
  x: Float64Array,
  reward: number,
  options: Pick<LinearModelOptions, 'gamma' | 'rebuildEvery'>,
): LinearState {
  const arm = state.arms[armIndex];
  if (!Number.isInteger(armIndex) || arm === undefined) throw new RangeError(`no arm ${armIndex}`);
  assertContext(state, x);
  if (!Number.isFinite(reward)) throw new RangeError(`reward must be finite, got ${reward}`);
  const d = state.dimension;
  const { gamma, rebuildEvery } = options;
  const a = arm.a.slice();
  const b = arm.b.slice();
  if (gamma < 1) {
    const prior = (1 - gamma) * state.lambda;
    for (let i = 0; i < d * d; i++) a[i]! *= gamma;
    for (let i = 0; i < d; i++) {
      a[i * d + i]! += prior;
      b[i]! *= gamma;
    }
  }
  for (let i = 0; i < d; i++) {
    const xi = x[i]!;
    b[i]! += reward * xi;
    for (let j = 0; j < d; j++) a[i * d + j]! += xi * x[j]!;
  }
  const rebuild = gamma < 1 || arm.sinceRebuild + 1 >= rebuildEvery;
  const next: LinearArm = {
    a,
    b,
    n: gamma * arm.n + 1,
    aInverse: rebuild ? inverseSpd(a, d) : shermanMorrison(arm.aInverse, x, d),
    sinceRebuild: rebuild ? 0 : arm.sinceRebuild + 1,
  };
  const arms = state.arms.slice();
  arms[armIndex] = next;
  return { ...state, arms };
}

/** Shards' statistics add: A = A₁ + A₂ − λI (one prior, not two), b = b₁ + b₂; A⁻¹ rebuilt. */
export function mergeLinearStates(left: LinearState, right: LinearState): LinearState {
  if (left.dimension !== right.dimension || left.arms.length !== right.arms.length) {
    throw new RangeError('merge: states differ in dimension or arm count');
  }
  if (left.lambda !== right.lambda) throw new RangeError('merge: states differ in lambda');
  const d = left.dimension;
  const arms = left.arms.map((l, k): LinearArm => {
    const r = right.arms[k]!;
    const a = l.a.map((v, i) => v + r.a[i]!);
    for (let i = 0; i < d; i++) a[i * d + i]! -= left.lambda;
    return {
      a,
      b: l.b.map((v, i) => v + r.b[i]!),
      n: l.n + r.n,
      aInverse: inverseSpd(a, d),
      sinceRebuild: 0,
    };
  });
  return { dimension: d, lambda: left.lambda, arms };
}

/** θ̂ = A⁻¹b per arm. */
export function linearCoefficients(state: LinearState): number[][] {
  return state.arms.map((arm) => matVec(arm.aInverse, arm.b, state.dimension));
}

/** The model's mean reward at x, θ̂ᵀx, and its uncertainty xᵀA⁻¹x (clamped at 0 against rounding). */
export function armPrediction(arm: LinearArm, x: Float64Array, d: number): { mean: number; spread: number } {
  const mean = dot(matVec(arm.aInverse, arm.b, d), x);
  return { mean, spread: Math.max(0, quadraticForm(arm.aInverse, x, d)) };
}

export function eligibleIndices(eligible: readonly boolean[], armCount: number): number[] {
  if (eligible.length !== armCount) throw new RangeError('eligible must have one entry per arm');
  const arms: number[] = [];
  eligible.forEach((ok, i) => {
    if (ok) arms.push(i);
  });
  if (arms.length === 0) throw new RangeError('no eligible arm');
  return arms;
}

/** What both linear kinds share of the Policy interface: their state is a LinearState. */
export function linearModelMethods(options: Partial<LinearModelOptions>) {
  const model = resolveLinearOptions(options);
  return {
    init: (armCount: number, dimension: number) => initLinearState(armCount, dimension, model.lambda),
    update: (state: LinearState, armIndex: number, x: Float64Array, reward: number) =>
      updateLinearState(state, armIndex, x, reward, model),
    merge: mergeLinearStates,
    coefficients: linearCoefficients,
  };
}
