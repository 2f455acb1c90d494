/**
 * Coverage of the `ope` intervals: simulate many logs from a world whose policy value is
 * known in closed form, and count how often each estimator's 95% interval contains it.
 * q̂ is the true mean reward plus a fixed per-(context, arm) error, so DM is biased and the
 * doubly robust estimators must correct it.
 */
import { seededRng } from '../src/common/seeded-rng';
import { DEFAULT_EVALUATION, evaluateLog } from '../src/evaluation/evaluate';
import type { LoadedLog } from '../src/evaluation/log-builder';
import type { TargetPolicy } from '../src/evaluation/target-policy';
import { ESTIMATOR_NAMES, type EstimatorName } from '../src/evaluation/types';

export interface CoverageResult {
  readonly logs: number;
  readonly rows: number;
  readonly resamples: number;
  readonly coverage: Record<EstimatorName, number>;
  readonly meanWidth: Record<EstimatorName, number>;
}

export function coverage(logs = 200, rows = 2000, resamples = 1000, seed = 'coverage'): CoverageResult {
  const rng = seededRng(seed);
  const contexts = 5;
  const arms = ['a', 'b', 'c'];
  const k = arms.length;
  const distribution = (floor: number) => {
    const raw = arms.map(() => rng());
    const total = raw.reduce((a, b) => a + b, 0);
    return raw.map((v) => floor + (1 - k * floor) * (v / total));
  };
  const logging = Array.from({ length: contexts }, () => distribution(0.1));
  const target = Array.from({ length: contexts }, () => distribution(0));
  const means = Array.from({ length: contexts }, () => arms.map(() => 0.2 + 0.6 * rng()));
  const modelError = Array.from({ length: contexts }, () => arms.map(() => (rng() - 0.5) * 0.2));
  // Contexts are uniform, so the value is the plain mean over contexts of Σₐ π(a|x) μ(x,a).
  const truth =
    means.reduce((s, mu, x) => s + mu.reduce((t, m, a) => t + target[x]![a]! * m, 0), 0) / contexts;
  const hits = Object.fromEntries(ESTIMATOR_NAMES.map((name) => [name, 0])) as Record<EstimatorName, number>;
  const widths = Object.fromEntries(ESTIMATOR_NAMES.map((name) => [name, 0])) as Record<
    EstimatorName,
    number
  >;
  for (let l = 0; l < logs; l++) {
    const context = Int32Array.from({ length: rows }, () => Math.floor(rng() * contexts));
    const action = context.map((x) => pick(rng(), logging[x]!));
    const expectedRewards = new Float64Array(rows * k);
    context.forEach((x, i) => {
      for (let a = 0; a < k; a++) expectedRewards[i * k + a] = means[x]![a]! + modelError[x]![a]!;
    });
    const log: LoadedLog = {
      arms,
      n: rows,
      action,
      propensity: Float64Array.from(action, (a, i) => logging[context[i]!]![a]!),
      reward: Float64Array.from(action, (a, i) => (rng() < means[context[i]!]![a]! ? 1 : 0)),
      missingRewards: 0,
      features: {
        n: rows,
        columnNames: [],
        rowStart: new Int32Array(rows + 1),
        column: new Int32Array(0),
        value: new Float64Array(0),
      },
      suppliedExpectedRewards: expectedRewards,
    };
    const policy: TargetPolicy = {
      name: 'learned',
      actionProbabilities: (i) => Float64Array.from(target[context[i]!]!),
    };
    const report = evaluateLog(log, [policy], { ...DEFAULT_EVALUATION, resamples, seed: `log:${l}` });
    for (const name of ESTIMATOR_NAMES) {
      const { low, high } = report.policies[0]!.estimates[name];
      if (low <= truth && truth <= high) hits[name]++;
      widths[name] += (high - low) / logs;
    }
  }
  const share = Object.fromEntries(ESTIMATOR_NAMES.map((name) => [name, hits[name] / logs])) as Record<
    EstimatorName,
    number
  >;
  return { logs, rows, resamples, coverage: share, meanWidth: widths };
}

function pick(u: number, probabilities: number[]): number {
  for (let a = 0; a < probabilities.length - 1; a++) {
    if (u < probabilities[a]!) return a;
    u -= probabilities[a]!;
  }
  return probabilities.length - 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  const result = coverage();
  console.log(JSON.stringify({ ...result, seconds: (performance.now() - started) / 1000 }, null, 2));
}
