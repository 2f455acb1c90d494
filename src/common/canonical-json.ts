/**
 * JSON with object keys sorted recursively (arrays keep order), no whitespace: the project's one
 * canonical form (a context's fingerprint, comparing configs).
 * Follows JSON.stringify otherwise: toJSON is honoured, undefined/function/symbol members are
 * dropped from objects and become null in arrays, non-finite numbers become null.
 * A top-level undefined (no context) is written as `null`. Cycles and bigints throw.
 */
export function canonicalJson(value: unknown): string {
  return write(value, []) ?? 'null';
}

/** undefined when the value has no JSON form (undefined, function, symbol). */
function write(input: unknown, ancestors: object[]): string | undefined {
  let value = input;
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      throw new TypeError('canonicalJson: bigint has no JSON form');
    case 'object':
      break;
    default:
      return undefined;
  }
  const obj = value as object;
  if (ancestors.includes(obj)) throw new TypeError('canonicalJson: cyclic value');
  ancestors.push(obj);
  let out: string;
  if (Array.isArray(obj)) {
    out = `[${obj.map((item) => write(item, ancestors) ?? 'null').join(',')}]`;
  } else {
    const record = obj as Record<string, unknown>;
    // Default sort compares UTF-16 code units: the same order on every engine and locale.
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const text = write(record[key], ancestors);
      if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
    }
    out = `{${members.join(',')}}`;
  }
  ancestors.pop();
  return out;
}

/**
 * The same canonical form, strict: for hashing audit events. Values JSON cannot
 * carry unambiguously (NaN, ±Infinity, functions, bigint) are a broken invariant here and
 * throw, instead of quietly becoming `null` in a hash that must verify later.
 */
export function strictCanonicalJson(value: unknown): string {
  assertJsonValue(value);
  return canonicalJson(value);
}

function assertJsonValue(value: unknown): void {
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new RangeError(`strictCanonicalJson: ${value} has no JSON form`);
  if (typeof value === 'function' || typeof value === 'bigint' || typeof value === 'symbol') {
    throw new TypeError(`strictCanonicalJson: cannot encode a ${typeof value}`);
  }
  if (value !== null && typeof value === 'object') {
    for (const item of Array.isArray(value) ? value : Object.values(value))
      if (item !== undefined) assertJsonValue(item);
  }
}
