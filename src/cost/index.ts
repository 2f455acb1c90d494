export * from './outcome-cost';
export * from './unpriced-models';
