/** Anytime-valid statistics: confidence sequences and tests that hold at every sample size at once. */
export * from './betting-cs';
export * from './compare';
export * from './exceedance';
export * from './latency-exceedance';
export * from './latency-histogram';
export * from './off-policy-cs';
