export * from './buckets';
export * from './encode';
