/**
 * Postgres cannot store a NUL character in text or jsonb, nor an unpaired UTF-16 surrogate;
 * a value it refuses would block a task type's outbox. Such strings are refused at the edge.
 * Returns the JSON Pointer of the first offending string (object keys included), or null.
 */
export function findUnstorableText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isStorable(value) ? null : path;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnstorableText(item, `${path}/${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (!isStorable(key)) return at;
      const found = findUnstorableText(item, at);
      if (found !== null) return found;
    }
  }
  return null;
}

function isStorable(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}
