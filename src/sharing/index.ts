export * from './contrast-prior';
export * from './group-prior';
export * from './warm-start';
export * from './weighted-stats';
