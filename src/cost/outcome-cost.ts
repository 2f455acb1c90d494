import type { ModelPrice, Pricing } from '../contract/pricing';

/** What the cost of one call can be computed from. */
export interface CostFields {
  costUsd?: number;
  promptTokens?: number;
  completionTokens?: number;
  success?: boolean;
}

const TOKENS_PER_PRICE_UNIT = 1_000_000;

/** (promptTokens · input + completionTokens · output) / 10⁶, prices in USD per million tokens. */
export function tokenCostUsd(price: ModelPrice, promptTokens: number, completionTokens: number): number {
  return (
    (promptTokens * price.inputUsdPerMTok + completionTokens * price.outputUsdPerMTok) / TOKENS_PER_PRICE_UNIT
  );
}

/**
 * The cost of an outcome (API.md "Cost"), or null while it is not known: the reported
 * `costUsd` wins; else both token counts priced at the served model's price. A failed call
 * costs what its tokens say, a missing count as 0 (the provider bills what it produced).
 * No price for the model and no `costUsd` → null.
 */
export function outcomeCostUsd(outcome: CostFields, price: ModelPrice | undefined): number | null {
  if (outcome.costUsd !== undefined) return outcome.costUsd;
  if (price === undefined) return null;
  const { promptTokens, completionTokens } = outcome;
  if (outcome.success === false) return tokenCostUsd(price, promptTokens ?? 0, completionTokens ?? 0);
  if (promptTokens === undefined || completionTokens === undefined) return null;
  return tokenCostUsd(price, promptTokens, completionTokens);
}

/** The price of the model an arm serves; undefined when the config does not price it. */
export function priceOfModel(pricing: Pricing | undefined, model: string): ModelPrice | undefined {
  // Own properties only: a model named "constructor" must not find Object.prototype's.
  return pricing !== undefined && Object.hasOwn(pricing, model) ? pricing[model] : undefined;
}
