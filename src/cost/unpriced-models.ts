import type { Pricing } from '../contract/pricing';
import { priceOfModel } from './outcome-cost';

/** The slice of a task type config the pricing rule reads. */
export interface PricedConfig {
  arms: readonly { id: string; params: { model: string } }[];
  pricing?: Pricing;
  reward: { weights: { cost?: number } };
}

/** One broken rule, in the shape of src/guards' violations (a JSON Pointer and a message). */
export interface PricingViolation {
  path: string;
  message: string;
  value: string;
}

/**
 * With `reward.weights.cost > 0` every arm's model must be priced (API.md "Cost"): an unpriced
 * arm would look free and win every draw. One violation per arm, naming the arm and its model.
 */
export function unpricedModelViolations(config: PricedConfig): PricingViolation[] {
  if (!((config.reward.weights.cost ?? 0) > 0)) return [];
  return config.arms.flatMap((arm, i) =>
    priceOfModel(config.pricing, arm.params.model) === undefined
      ? [
          {
            path: `/arms/${i}/params/model`,
            value: arm.params.model,
            message: `arm '${arm.id}': model '${arm.params.model}' has no entry in pricing, which reward.weights.cost > 0 needs`,
          },
        ]
      : [],
  );
}
