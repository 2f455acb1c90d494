/**
 * Reads a record keyed by an outside name (arm id, feature name, context key, model) only where
 * the record holds that key itself. `record[key]` alone would find Object.prototype's members for
 * names such as `constructor` or `toString`, which every id pattern admits.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
