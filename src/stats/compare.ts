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

/**
 * Whether treated mean > control mean + margin, at level α. `treatedShare` of α goes to the
 * treated side (default ½): the small cohort benefits from more of it, the large one barely
 * notices a smaller share (its width grows like √log(1/α)).
 */
export function provesAbove(
  treated: MeanCsState,
  control: MeanCsState,
  margin: number,
  alpha: number,
  treatedShare = 0.5,
): Comparison {
  const treatedBound = meanLowerBound(treated, alpha * treatedShare);
  const controlBound = meanUpperBound(control, alpha * (1 - treatedShare));
  return {
    proven: treatedBound > controlBound + margin,
    treatedBound,
    controlBound,
    treated: meanOf(treated),
    control: meanOf(control),
  };
}

/** Whether treated mean < control mean − margin, at level α (the mirror of `provesAbove`). */
export function provesBelow(
  treated: MeanCsState,
  control: MeanCsState,
  margin: number,
  alpha: number,
  treatedShare = 0.5,
): Comparison {
  const treatedBound = meanUpperBound(treated, alpha * treatedShare);
  const controlBound = meanLowerBound(control, alpha * (1 - treatedShare));
  return {
    proven: treatedBound < controlBound - margin,
    treatedBound,
    controlBound,
    treated: meanOf(treated),
    control: meanOf(control),
  };
}
