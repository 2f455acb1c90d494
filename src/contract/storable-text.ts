/**
 * Postgres cannot store a NUL character in text or jsonb, nor an unpaired UTF-16 surrogate;
 * a value it refuses would block a task type's outbox. Such strings are refused at the edge.
 * Returns the JSON Pointer of the first offending string (object keys included), or null.
 *
 * Iterative (an explicit stack, children pushed in reverse so the walk keeps document order):
 * a body nested thousands deep must be a 4xx, not a stack overflow.
 */
export function findUnstorableText(value: unknown, path = ''): string | null {
  const stack: { node: unknown; path: string }[] = [{ node: value, path }];
  while (stack.length > 0) {
    const { node, path: at } = stack.pop()!;
    if (typeof node === 'string') {
      if (!isStorable(node)) return at;
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const children: { node: unknown; path: string }[] = [];
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        children.push({ node: item, path: `${at}/${i}` });
      });
    } else {
      for (const [key, item] of Object.entries(node)) {
        const keyAt = `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        // The key goes first, as a string of its own: the pointer of a bad key is its member's.
        children.push({ node: key, path: keyAt }, { node: item, path: keyAt });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return null;
}

function isStorable(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}
