export * from './distributions';
export * from './exploration';
export * from './fingerprint';
export * from './gaussian-stats';
export * from './nig-posterior';
export * from './student-t';
export * from './thompson-draws';
