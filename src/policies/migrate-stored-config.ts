import { PolicyConfig } from '../contract/task-type';

/** Each kind's settings fields, read from its schema in the contract (so a new kind needs nothing here). */
const FIELDS_OF_KIND = new Map<unknown, ReadonlySet<string>>(
  PolicyConfig.options.map((option) => [option.shape.kind.value, new Set(Object.keys(option.shape))]),
);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A stored task type config made readable under today's contract, before it is parsed.
 * Policy settings were one flat object until each kind had its own schema: every stored
 * LinUCB config holds `draws: 1000` (the old default), and a Thompson Gaussian one may hold
 * `alpha` or `gamma`, which it always ignored. The strict schema would refuse those, and a
 * deploy must never turn a stored config into a 500, so the fields the kind does not know
 * are dropped (what they did, nothing, is unchanged). Pure: a new object, the input untouched;
 * anything else (an unknown kind, a malformed config) is left for the parse to report.
 */
export function migrateStoredConfig(raw: unknown): unknown {
  if (!isRecord(raw) || !isRecord(raw.policy)) return raw;
  const fields = FIELDS_OF_KIND.get(raw.policy.kind);
  if (!fields) return raw;
  const policy = Object.fromEntries(Object.entries(raw.policy).filter(([key]) => fields.has(key)));
  return { ...raw, policy };
}
