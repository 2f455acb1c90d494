export * from './contrast-prior';
export * from './group-prior';
export * from './group-sync';
export * from './warm-start';
export * from './weighted-stats';
