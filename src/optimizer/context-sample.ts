import { ownValue } from '../common/own-key';
import type { Context } from '../contract/decision-log';
import type { TaskTypeConfig } from '../contract/task-type';
import type { FeatureSample } from '../rollout/drift-reference';

/**
 * Values kept per feature: the recent window drift is judged on (drift-reference.ts). A ring,
 * so the window slides with the traffic and a resume can take "the present" as the reference.
 */
export const RECENT_CONTEXTS = 2000;

export const emptyFeatureSample = (): FeatureSample => ({ numeric: {}, categorical: {} });

type Kind = TaskTypeConfig['features'][number]['kind'];

/** The declared features drift watches, with their kinds (every kind is judged). */
export function driftFeatures(config: TaskTypeConfig): { name: string; kind: Kind }[] {
  return config.features.map((f) => ({ name: f.name, kind: f.kind }));
}

const appended = <T>(values: readonly T[] | undefined, added: readonly T[]): T[] => {
  const all = [...(values ?? []), ...added];
  return all.length > RECENT_CONTEXTS ? all.slice(all.length - RECENT_CONTEXTS) : all;
};

/**
 * Adds one request's context to the sample (a new sample; arrays of untouched features are
 * shared). Numeric, log and bool features are numbers; a category is its value; tags count
 * each tag of the context once. Missing or ill-typed values are skipped.
 */
export function addContextToSample(
  sample: FeatureSample,
  features: readonly { name: string; kind: Kind }[],
  context: Context,
): FeatureSample {
  let numeric = sample.numeric;
  let categorical = sample.categorical;
  for (const { name, kind } of features) {
    const raw = ownValue(context, name);
    if (kind === 'category' || kind === 'tags') {
      const values =
        kind === 'tags'
          ? Array.isArray(raw)
            ? [...new Set(raw.filter((t): t is string => typeof t === 'string'))]
            : []
          : typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
            ? [String(raw)]
            : [];
      if (values.length === 0) continue;
      categorical = { ...categorical, [name]: appended(ownValue(categorical, name), values) };
      continue;
    }
    const value = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    numeric = { ...numeric, [name]: appended(ownValue(numeric, name), [value]) };
  }
  return numeric === sample.numeric && categorical === sample.categorical ? sample : { numeric, categorical };
}
