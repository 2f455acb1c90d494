/**
 * "Treated p99 > ratio × control p99" by exceedance (DESIGN §10). With q_C the control's
 * p99, the claim holds exactly when P(treated latency > ratio·q_C) > 1 %. So:
 *
 * 1. an upper bound u of q_C that holds at every look: the indicators 1[L ≥ q_C] have rate
 *    ≥ 1 %, and a count of control latencies ≥ v too small for that rate rejects v; every v
 *    above the (k* + 1)-th largest control latency is rejected, where k* is the largest count
 *    the grid-mixture bet proves "< 1 %" with (exceedance.ts), so q_C ≤ that latency;
 * 2. the treated share above θ = ratio·u, judged by the same mixture bet on the count of treated
 *    latencies surely above θ. The threshold moves with u, but on the event u ≥ q_C every
 *    indicator against θ is ≤ the one against ratio·q_C, and the mixture wealth is monotone in
 *    each indicator, so Ville's inequality still bounds a false claim by α (Waudby-Smith &
 *    Ramdas's "recompute a mixture bet over the stored latencies", with the stored latencies
 *    in a bounded histogram).
 *
 * α is split between the two steps.
 */
import { maxCountProvingBelow, minCountProvingAbove } from './exceedance';
import { countSurelyAbove, type LatencyHistogram, largestValueBound } from './latency-histogram';

/**
 * An upper bound of the q-quantile of the histogram's distribution, valid at every n at once
 * with probability ≥ 1 − α; Infinity until there are enough values (about
 * log(1/α)/(1 − q) — ~530 for p99 at α = 0.005).
 */
export function quantileUpperBound(h: LatencyHistogram, q: number, alpha: number): number {
  const kStar = maxCountProvingBelow(h.n, 1 - q, alpha);
  if (kStar < 0) return Number.POSITIVE_INFINITY;
  return largestValueBound(h, kStar + 1);
}

export interface ExceedanceTest {
  proven: boolean;
  /** values surely above the threshold */
  count: number;
  n: number;
  /** the count that would prove it at this n (Infinity when no count can yet) */
  countNeeded: number;
}

/** Whether more than `rate` of the distribution lies above `threshold`, at level α, at any look. */
export function exceedsRate(
  h: LatencyHistogram,
  threshold: number,
  rate: number,
  alpha: number,
): ExceedanceTest {
  const count = Number.isFinite(threshold) ? countSurelyAbove(h, threshold) : 0;
  const countNeeded = minCountProvingAbove(h.n, rate, alpha);
  return { proven: count >= countNeeded, count, n: h.n, countNeeded };
}

export interface RelativeQuantileTest extends ExceedanceTest {
  /** the control's quantile upper bound u (Infinity while unknown) and θ = ratio·u */
  controlBound: number;
  threshold: number;
}

/** Treated q-quantile > ratio × control q-quantile, at level α (half to each step). */
export function provesQuantileAbove(
  treated: LatencyHistogram,
  control: LatencyHistogram,
  q: number,
  ratio: number,
  alpha: number,
): RelativeQuantileTest {
  const controlBound = quantileUpperBound(control, q, alpha / 2);
  const threshold = controlBound * ratio;
  return { ...exceedsRate(treated, threshold, 1 - q, alpha / 2), controlBound, threshold };
}
