/**
 * Two-sample comparisons of bounded means that stay valid at every look: "treated mean >
 * control mean + margin" is proven when the treated cohort's lower confidence sequence clears
 * the control's upper one by the margin. Each side runs at its share of α, so by a union bound
 * the claim is false with probability ≤ α over the whole (ever-growing) sample.
 */
import { type MeanCsState, meanLowerBound, meanOf, meanUpperBound } from './betting-cs';

export interface Comparison {
  /** true when the bounds prove the claim at level α */
  proven: boolean;
  /** the bounds compared (±Infinity while a side proves nothing) */
  treatedBound: number;
  controlBound: number;
  /** point estimates (NaN while a side is empty) */
  treated: number;
  control: number;
}

/** A one-sided claim about two cohorts' means, checked at level α; `treatedShare` defaults to ½. */
export type Prover = (
  treated: MeanCsState,
  control: MeanCsState,
  margin: number,
  alpha: number,
  treatedShare?: number,
) => Comparison;

/**
 * Whether treated mean > control mean + margin, at level α. `treatedShare` of α goes to the
 * treated side (default ½): the small cohort benefits from more of it, the large one barely
 * notices a smaller share (its width grows like √log(1/α)).
 */
export const provesAbove: Prover = (treated, control, margin, alpha, treatedShare = 0.5) =>
  compare('above', treated, control, margin, alpha, treatedShare);

/** Whether treated mean < control mean − margin, at level α (the mirror of `provesAbove`). */
export const provesBelow: Prover = (treated, control, margin, alpha, treatedShare = 0.5) =>
  compare('below', treated, control, margin, alpha, treatedShare);

// Proving "above" takes the treated side's lower bound and the control's upper one; "below" the mirror.
function compare(
  claim: 'above' | 'below',
  treated: MeanCsState,
  control: MeanCsState,
  margin: number,
  alpha: number,
  treatedShare: number,
): Comparison {
  const above = claim === 'above';
  const treatedBound = (above ? meanLowerBound : meanUpperBound)(treated, alpha * treatedShare);
  const controlBound = (above ? meanUpperBound : meanLowerBound)(control, alpha * (1 - treatedShare));
  return {
    proven: above ? treatedBound > controlBound + margin : treatedBound < controlBound - margin,
    treatedBound,
    controlBound,
    treated: meanOf(treated),
    control: meanOf(control),
  };
}
