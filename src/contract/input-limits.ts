/**
 * Limits on input (API.md second release, "Limits on input"): checked on the parsed JSON
 * before any schema or recursive code touches it, and without recursion themselves, so a
 * hostile body (8,000 levels deep) is a 422 naming the limit, never a stack overflow.
 */

/** Deepest nesting of arrays and objects a body may have; `{}` is depth 1. */
export const MAX_JSON_DEPTH = 32;
/** A `context` holds at most this many keys. */
export const MAX_CONTEXT_KEYS = 64;
/** A `context` serialized as JSON is at most this many UTF-8 bytes (16 KiB). */
export const MAX_CONTEXT_BYTES = 16 * 1024;
/** A string value in a `context` (or in one of its string arrays) is at most this many UTF-8 bytes. */
export const MAX_CONTEXT_STRING_BYTES = 1024;

/** One broken limit, in the shape of a problem document's `errors` item. */
export interface LimitViolation {
  /** JSON Pointer into the body */
  path: string;
  message: string;
  /** the limit broken; absent for a rule without a number (a reserved name) */
  limit?: number;
  value?: number;
}

const encoder = new TextEncoder();

export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/** RFC 6901 escaping of one reference token. */
export function pointerToken(key: string | number): string {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * The pointer of the first container nested deeper than `maxDepth`, or null. Iterative:
 * a depth-first walk with an explicit stack, so the walk itself cannot overflow.
 */
export function findTooDeep(value: unknown, maxDepth = MAX_JSON_DEPTH): string | null {
  const stack: { node: unknown; depth: number; path: string }[] = [{ node: value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > maxDepth) return path;
    const entries = Array.isArray(node) ? node.entries() : Object.entries(node);
    for (const [key, child] of entries) {
      if (child !== null && typeof child === 'object')
        stack.push({ node: child, depth: depth + 1, path: `${path}/${pointerToken(key)}` });
    }
  }
  return null;
}

/**
 * Every broken `context` limit of one context object at `path`. Anything that is not a plain
 * object is left to the schema. Call only after findTooDeep: it serializes the value.
 */
export function contextViolations(context: unknown, path = '/context'): LimitViolation[] {
  if (context === null || typeof context !== 'object' || Array.isArray(context)) return [];
  const violations: LimitViolation[] = [];
  const keys = Object.keys(context);
  if (keys.length > MAX_CONTEXT_KEYS) {
    violations.push({
      path,
      message: `context may hold at most ${MAX_CONTEXT_KEYS} keys`,
      limit: MAX_CONTEXT_KEYS,
      value: keys.length,
    });
  }
  const bytes = utf8Bytes(JSON.stringify(context));
  if (bytes > MAX_CONTEXT_BYTES) {
    violations.push({
      path,
      message: `context may be at most ${MAX_CONTEXT_BYTES} bytes serialized (UTF-8)`,
      limit: MAX_CONTEXT_BYTES,
      value: bytes,
    });
  }
  for (const key of keys) {
    const item: unknown = (context as Record<string, unknown>)[key];
    const at = `${path}/${pointerToken(key)}`;
    const strings: [string, unknown][] = Array.isArray(item)
      ? item.map((s, i) => [`${at}/${i}`, s])
      : [[at, item]];
    for (const [where, s] of strings) {
      if (typeof s !== 'string') continue;
      const length = utf8Bytes(s);
      if (length > MAX_CONTEXT_STRING_BYTES) {
        violations.push({
          path: where,
          message: `context strings may be at most ${MAX_CONTEXT_STRING_BYTES} bytes (UTF-8)`,
          limit: MAX_CONTEXT_STRING_BYTES,
          value: length,
        });
      }
    }
  }
  return violations;
}

/** Where a request body carries contexts: recommend's `context`, and one per warm-start outcome. */
function contextsOf(body: unknown): [string, unknown][] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const found: [string, unknown][] = [];
  if (Object.hasOwn(body, 'context')) found.push(['/context', (body as { context: unknown }).context]);
  const outcomes: unknown = Object.hasOwn(body, 'outcomes') ? (body as { outcomes: unknown }).outcomes : null;
  if (Array.isArray(outcomes)) {
    outcomes.forEach((o, i) => {
      if (o !== null && typeof o === 'object' && Object.hasOwn(o, 'context'))
        found.push([`/outcomes/${i}/context`, (o as { context: unknown }).context]);
    });
  }
  return found;
}

/**
 * `__proto__` is the one name a JSON object key cannot safely carry through JavaScript: zod
 * drops it from records and any plain-object copy turns it into a prototype. Refused where
 * names are free (context keys, feature names) rather than silently lost; ids with a pattern
 * (arm ids, task types) already refuse a leading `_`.
 */
export const RESERVED_NAME = '__proto__';

function reservedNameViolations(body: unknown): LimitViolation[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const found: LimitViolation[] = [];
  const message = `'${RESERVED_NAME}' is reserved and cannot be used as a name`;
  for (const [path, context] of contextsOf(body)) {
    if (context !== null && typeof context === 'object' && Object.hasOwn(context, RESERVED_NAME))
      found.push({ path: `${path}/${RESERVED_NAME}`, message });
  }
  const features: unknown = Object.hasOwn(body, 'features') ? (body as { features: unknown }).features : null;
  if (Array.isArray(features)) {
    features.forEach((f, i) => {
      if (f !== null && typeof f === 'object' && (f as { name?: unknown }).name === RESERVED_NAME)
        found.push({ path: `/features/${i}/name`, message });
    });
  }
  return found;
}

/** At most this many violations are listed: a problem document stays small whatever the body. */
const MAX_LISTED = 20;

/**
 * Every input limit a parsed JSON body breaks (depth first: the other checks assume it),
 * or an empty list. Pure and iterative.
 */
export function inputLimitViolations(body: unknown): LimitViolation[] {
  const deep = findTooDeep(body);
  if (deep !== null) {
    return [
      {
        path: deep,
        message: `JSON may nest at most ${MAX_JSON_DEPTH} levels deep`,
        limit: MAX_JSON_DEPTH,
      },
    ];
  }
  return [
    ...reservedNameViolations(body),
    ...contextsOf(body).flatMap(([path, context]) => contextViolations(context, path)),
  ].slice(0, MAX_LISTED);
}
