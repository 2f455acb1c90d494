import { featureNames } from '../features/encode';
import { linearCoefficients } from '../policies/linear-state';
import type { PolicyState } from './policy-state';

/**
 * The linear policies' coefficients θ̂ = A⁻¹b per arm, labelled by feature coordinate: what
 * drives each arm's predicted reward (feature attribution). Null for the context-free kind.
 */
export function linearModelSummary(state: PolicyState) {
  if (!state.linear) return null;
  const coefficients = linearCoefficients(state.linear);
  return {
    kind: state.config.policy.kind,
    dimension: state.linear.dimension,
    featureNames: featureNames(state.config.features),
    coefficients: Object.fromEntries(state.config.arms.map((arm, i) => [arm.id, coefficients[i] ?? []])),
    updates: Object.fromEntries(state.config.arms.map((arm, i) => [arm.id, state.linear?.arms[i]?.n ?? 0])),
  };
}
