/**
 * Anytime-valid bounds of a target policy's value (the `ope --anytime` intervals): the betting
 * confidence sequence of Waudby-Smith et al. ("Anytime-valid off-policy inference for contextual
 * bandits", 2022) on the importance-weighted rewards wᵢrᵢ (a lower bound of V(π)) and on
 * wᵢ(1 − rᵢ) (a lower bound of 1 − V(π), hence an upper bound of V(π)). Valid however often the
 * log is re-read as it grows; needs rewards in [0, 1] and rows in logging order. Target mass on
 * unsupported arms only widens them (the lower side counts it as 0, the upper side as 1).
 */
import { emptyOffPolicyCs, foldOffPolicyValue, offPolicyLowerBound } from '../stats/off-policy-cs';
import type { ArmMatrix, LoggedRounds } from './types';

export interface AnytimeInterval {
  value: number;
  low: number;
  high: number;
  method: 'betting-cs-ips';
  anytimeValid: true;
}

const VALUE_GRID = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

/** Two-sided bounds at level α (α/2 each side); null when a reward lies outside [0, 1]. */
export function anytimeValueInterval(
  log: LoggedRounds,
  target: ArmMatrix,
  alpha: number,
): AnytimeInterval | null {
  const k = log.arms.length;
  const lower = emptyOffPolicyCs(alpha / 2, VALUE_GRID, 0);
  const complement = emptyOffPolicyCs(alpha / 2, VALUE_GRID, 0);
  let sum = 0;
  for (let i = 0; i < log.n; i++) {
    const r = log.reward[i]!;
    if (!(r >= 0 && r <= 1)) return null;
    const w = target[i * k + log.action[i]!]! / log.propensity[i]!;
    sum += w * r;
    // w·r ≥ 0 and every candidate m ≤ 1, so x − m ≥ −1: scale 1.
    foldOffPolicyValue(lower, w * r, 1);
    foldOffPolicyValue(complement, w * (1 - r), 1);
  }
  const low = Math.max(0, offPolicyLowerBound(lower, alpha / 2));
  const high = Math.min(1, 1 - offPolicyLowerBound(complement, alpha / 2));
  return {
    value: log.n > 0 ? sum / log.n : Number.NaN,
    low,
    high,
    method: 'betting-cs-ips',
    anytimeValid: true,
  };
}
