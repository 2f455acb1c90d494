export * from './cost-term';
export * from './outcome-cost';
export * from './unpriced-models';
