import type { ThompsonDraws } from '../bandit/thompson-draws';
import type { PolicyState } from './policy-state';
import { thompsonDrawsFor } from './recommend';

/** Drawing M posterior samples per arm costs milliseconds: reuse them this long under load. */
export const DRAWS_REFRESH_MS = 100;

/** The M posterior draws behind exact propensities, and the revision they were drawn at. */
export interface DrawCache {
  revision: number;
  computedAtMs: number;
  draws: ThompsonDraws;
}

/** Whether the policy kind serves from cached posterior draws: the registry answers. */
export { cachesPosteriorDraws } from '../policies/registry';

/**
 * The draws to serve from: the cached ones while they are of this revision or younger than
 * DRAWS_REFRESH_MS, else fresh ones. Each decision logs the revision it was served from, so
 * its propensity is exact for those draws.
 */
export function currentDraws(cache: DrawCache | null, state: PolicyState, nowMs: number): DrawCache {
  if (cache && (cache.revision === state.revision || nowMs - cache.computedAtMs < DRAWS_REFRESH_MS))
    return cache;
  return { revision: state.revision, computedAtMs: nowMs, draws: thompsonDrawsFor(state) };
}
