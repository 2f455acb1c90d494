export * from './contrast-prior';
export * from './group-prior';
export * from './group-sync';
export * from './random-effects';
export * from './warm-start';
export * from './weighted-stats';
