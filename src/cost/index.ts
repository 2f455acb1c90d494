export * from './arm-price';
export * from './cost-day';
export * from './cost-term';
export * from './expected-cost';
export * from './outcome-cost';
export * from './unpriced-models';
