import type { ModelPrice } from '../contract/pricing';
import type { TaskTypeConfig } from '../contract/task-type';
import { priceOfModel } from './outcome-cost';

/** The price of the model an arm of this config serves; undefined when unpriced or not an arm. */
export function priceOfArm(
  config: Pick<TaskTypeConfig, 'arms' | 'pricing'>,
  armId: string,
): ModelPrice | undefined {
  const arm = config.arms.find((a) => a.id === armId);
  return arm === undefined ? undefined : priceOfModel(config.pricing, arm.params.model);
}
