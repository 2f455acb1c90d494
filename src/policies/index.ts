export * from './linear-state';
export * from './linear-thompson';
export * from './linucb';
export * from './migrate-stored-config';
export * from './policy';
export * from './registry';
export * from './thompson-gaussian';
