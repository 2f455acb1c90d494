import type { LinearDataPart } from '../policies/linear-data-part';
import { withDataPart } from '../policies/linear-data-part';
import type { LinearState } from '../policies/linear-state';
import { sharedArmKey } from '../sharing/group-prior';
import type { PolicyState } from './policy-state';

/**
 * Served models by own model: rebuilding A⁻¹ is O(d³) per arm, so it is done once per own model
 * and prior (both are replaced, never changed in place), not once per request.
 */
const served = new WeakMap<LinearState, { prior: Record<string, LinearDataPart>; linear: LinearState }>();

/**
 * The linear model the member's draws see: its own, plus its group's prior on each arm the pool
 * knows (own A + pooled Σxxᵀ, own b + pooled Σr·x). The stored model stays the member's own.
 */
export function servedLinear(state: PolicyState): LinearState | null {
  const { linear, linearGroupPrior: prior, config } = state;
  if (!linear || !prior || Object.keys(prior).length === 0) return linear;
  const hit = served.get(linear);
  if (hit && hit.prior === prior) return hit.linear;
  const d = linear.dimension;
  const arms = linear.arms.map((arm, i) => {
    const configured = config.arms[i];
    const part = configured && prior[sharedArmKey(configured.id, configured.params)];
    // A prior pulled under other features (before a config change) cannot be added: wait for the next pull.
    return part && part.xr.length === d ? withDataPart(arm, part, d) : arm;
  });
  const withPrior = { ...linear, arms };
  served.set(linear, { prior, linear: withPrior });
  return withPrior;
}
