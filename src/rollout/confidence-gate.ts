import { ownValue } from '../common/own-key';

/**
 * The confidence gate (`minConfidence`): the policy's choice is served only when its probability
 * of being the best arm is ≥ minConfidence, else the baseline. Applied to the whole distribution
 * so propensities stay exact: an arm below the gate hands its probability to the baseline, and
 * logs b(a) = 0 (DESIGN.md §5 lists "below minConfidence" among the baseline-only cases).
 */

/**
 * π after the gate. `policy` is π(a) (ε floor included); `probabilityBest` is each arm's share of
 * posterior draws it wins (wins/M, exact for the Thompson family). minConfidence 0 changes nothing.
 */
export function gatedDistribution(
  policy: Readonly<Record<string, number>>,
  probabilityBest: Readonly<Record<string, number>>,
  baselineArmId: string,
  minConfidence: number,
): Record<string, number> {
  const gated: Record<string, number> = {};
  let toBaseline = 0;
  for (const [armId, p] of Object.entries(policy)) {
    if (armId === baselineArmId || passes(armId, probabilityBest, minConfidence)) gated[armId] = p;
    else {
      gated[armId] = 0;
      toBaseline += p;
    }
  }
  gated[baselineArmId] = (ownValue(gated, baselineArmId) ?? 0) + toBaseline;
  return gated;
}

/** The arm to serve for the policy's draw `choice`: itself when it passes the gate, else the baseline. */
export function gateChoice(
  choice: string,
  probabilityBest: Readonly<Record<string, number>>,
  baselineArmId: string,
  minConfidence: number,
): { armId: string; gated: boolean } {
  if (choice === baselineArmId || passes(choice, probabilityBest, minConfidence))
    return { armId: choice, gated: false };
  return { armId: baselineArmId, gated: true };
}

function passes(
  armId: string,
  probabilityBest: Readonly<Record<string, number>>,
  minConfidence: number,
): boolean {
  return minConfidence <= 0 || (ownValue(probabilityBest, armId) ?? 0) >= minConfidence;
}
