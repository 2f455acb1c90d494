import { hashString } from '../bandit/fingerprint';

/**
 * Buckets per `category` feature and per `tags` feature. Eight keeps the encoded dimension d
 * small (LinUCB stores a d×d matrix per arm and pays O(d²) per decision) while a handful of
 * values (languages, tiers, tenants' plans) mostly land in separate buckets. A config with
 * more distinct values than buckets still works: colliding values share a coefficient.
 */
export const CATEGORY_BUCKETS = 8;
export const TAG_BUCKETS = 8;

/**
 * The bucket of `value` for feature `name`, in [0, buckets). The name salts the hash so that
 * two features do not collide on the same values; the low 32 bits of hashString are uniform
 * enough for a modulus this small. Pure and engine-independent, like hashString.
 */
export function bucketOf(name: string, value: string, buckets: number): number {
  const hex = hashString(`${name}\u0000${value}`);
  return Number.parseInt(hex.slice(8), 16) % buckets;
}
