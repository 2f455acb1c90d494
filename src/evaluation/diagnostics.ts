import type { ArmMatrix, LoggedRounds } from './types';

/** Below this effective sample size a bootstrap percentile interval says little. */
export const MIN_EFFECTIVE_SAMPLE_SIZE = 30;

export interface Diagnostics {
  /** rows used (with a reward) */
  readonly n: number;
  readonly missingRewards: number;
  /** (Σw)² / Σw²: how many rows the weighted estimate is effectively worth */
  readonly ess: number;
  readonly maxWeight: number;
  /**
   * mean over rows of the target's probability on arms the row could not have served, in
   * [0, 1]: on a row logged with propensity 1 (shadow, kill switch, exhausted budget, drift
   * freeze, confidence gate) every other arm had b = 0; on any row, arms no used row served
   */
  readonly unsupportedMass: number;
  /** Why the log cannot support an estimate for this policy, in plain words; null if it can. */
  readonly verdict: string | null;
}

export function diagnose(
  log: LoggedRounds,
  targetProbabilities: ArmMatrix,
  weights: Float64Array,
  missingRewards: number,
): Diagnostics {
  const armCount = log.arms.length;
  let sum = 0;
  let sumSquares = 0;
  let maxWeight = 0;
  for (let i = 0; i < log.n; i++) {
    const w = weights[i]!;
    sum += w;
    sumSquares += w * w;
    if (w > maxWeight) maxWeight = w;
  }
  const logged = new Uint8Array(armCount);
  for (let i = 0; i < log.n; i++) logged[log.action[i]!] = 1;
  // Support is judged per row (DESIGN §10): the arm-level test alone lets rows logged while
  // only the baseline could be served count as support for the other arms.
  let unsupported = 0;
  for (let i = 0; i < log.n; i++) {
    const onlyServed = log.propensity[i]! >= 1;
    for (let k = 0; k < armCount; k++)
      if (!logged[k] || (onlyServed && k !== log.action[i]))
        unsupported += targetProbabilities[i * armCount + k]!;
  }
  const unsupportedMass = log.n > 0 ? unsupported / log.n : 0;
  const ess = sumSquares > 0 ? (sum * sum) / sumSquares : 0;
  const neverLogged = log.arms.filter((_, k) => !logged[k]);
  const verdict = verdictFor({
    n: log.n,
    sum,
    ess,
    unsupportedMass,
    neverLogged,
    loggedArms: log.arms.filter((_, k) => logged[k]),
  });
  return { n: log.n, missingRewards, ess, maxWeight, unsupportedMass, verdict };
}

interface VerdictInput {
  n: number;
  sum: number;
  ess: number;
  unsupportedMass: number;
  neverLogged: readonly string[];
  loggedArms: readonly string[];
}

function verdictFor(input: VerdictInput): string | null {
  if (input.n === 0) return 'No logged decision has a reward yet: there is nothing to estimate from.';
  const reasons: string[] = [];
  if (input.sum === 0) {
    reasons.push(
      'The target policy gives zero probability to every action in the log, so the weighted estimators (IPS, SNIPS, the DR corrections) have nothing to work with; SNIPS and SNDR are undefined.',
    );
  }
  if (input.unsupportedMass > 0) {
    const share = `${(input.unsupportedMass * 100).toPrecision(3)}%`;
    const opening =
      input.loggedArms.length === 1
        ? `Every logged decision served arm ${input.loggedArms[0]}, yet the target policy puts ${share} of its probability elsewhere`
        : input.neverLogged.length > 0
          ? `The target policy puts ${share} of its probability on arms never served in the log (${input.neverLogged.join(', ')})`
          : `The target policy puts ${share} of its probability on arms that could not be served when the rows were logged (propensity 1 for the served arm: shadow, kill switch, budget, freeze or confidence gate)`;
    reasons.push(
      `${opening}: the log says nothing about how those arms perform, so IPS-type estimates are biased toward zero there and DM relies on the reward model alone.`,
    );
  }
  if (input.sum > 0 && input.ess < MIN_EFFECTIVE_SAMPLE_SIZE) {
    reasons.push(
      `The importance weights concentrate on a few rows (effective sample size ${input.ess.toFixed(1)} of ${input.n}): the estimates and their intervals are not reliable.`,
    );
  }
  return reasons.length > 0 ? reasons.join(' ') : null;
}
