/** One changed leaf of a config: where (JSON Pointer), what it was, what it becomes. */
export interface ConfigChange {
  path: string;
  from: unknown;
  to: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const escapeToken = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * The changes from `before` to `after`, leaf by leaf, in key order. Objects are compared key by
 * key; arrays element by element when their lengths agree, else replaced whole (an index shift
 * would otherwise report every later element as changed). A missing key reads as null.
 */
export function configChanges(before: unknown, after: unknown, path = ''): ConfigChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) =>
      configChanges(before[k] ?? null, after[k] ?? null, `${path}/${escapeToken(k)}`),
    );
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((b, i) => configChanges(b, after[i], `${path}/${i}`));
  }
  return sameJson(before, after) ? [] : [{ path, from: before, to: after }];
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) return configChanges(a, b).length === 0;
  return false;
}
