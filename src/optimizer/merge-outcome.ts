import { OUTCOME_FIELDS, type Outcome, type OutcomeField, type OutcomeValue } from '../contract/outcome';

/** The outcome fields recorded for a decision so far; each is set once. */
export type RecordedOutcome = Partial<Pick<Outcome, OutcomeField>>;

export type MergeResult =
  | { kind: 'conflict'; field: OutcomeField; existing: OutcomeValue; received: OutcomeValue }
  | { kind: 'duplicate' }
  | { kind: 'updated'; merged: RecordedOutcome; added: RecordedOutcome };

/**
 * Merges an outcome part into what was recorded. The same value again is a no-op
 * (so retries are safe); a different value for a field already set is a conflict,
 * and nothing of that part is applied.
 */
export function mergeOutcome(recorded: RecordedOutcome, incoming: Outcome): MergeResult {
  const added: RecordedOutcome = {};
  for (const field of OUTCOME_FIELDS) {
    const value = incoming[field];
    if (value === undefined) continue;
    const existing = recorded[field];
    if (existing === undefined) {
      (added as Record<string, unknown>)[field] = value;
    } else if (existing !== value) {
      return { kind: 'conflict', field, existing, received: value };
    }
  }
  if (Object.keys(added).length === 0) return { kind: 'duplicate' };
  return { kind: 'updated', merged: { ...recorded, ...added }, added };
}
