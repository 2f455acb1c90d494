import { sketchFromJson, sketchToJson } from '../common/sketch-json';
import { type CohortStats, type SloWindow, type WindowBucket, withMergedView } from './slo-window';

/** SLO windows as stored in the Durable Object: sketches in their compact JSON form. */
export function sloWindowToJson(window: SloWindow): unknown {
  const cohort = (c: CohortStats) => ({ ...c, latency: sketchToJson(c.latency) });
  return {
    windowMs: window.windowMs,
    bucketMs: window.bucketMs,
    sketchAlpha: window.sketchAlpha,
    buckets: window.buckets.map((b) => ({
      startMs: b.startMs,
      treated: cohort(b.treated),
      control: cohort(b.control),
    })),
  };
}

interface StoredCohort extends Omit<CohortStats, 'latency'> {
  latency: unknown;
}

interface StoredBucket {
  startMs: number;
  treated: StoredCohort;
  control: StoredCohort;
}

/** The stored window, or null when it cannot be read (the caller starts an empty one). */
export function sloWindowFromJson(json: unknown): SloWindow | null {
  try {
    const raw = json as { windowMs: number; bucketMs: number; sketchAlpha: number; buckets: StoredBucket[] };
    const cohort = (c: StoredCohort): CohortStats => {
      const parsed = sketchFromJson(c.latency);
      if (!parsed.ok) throw new Error(parsed.reason);
      return { latency: parsed.sketch, quality: c.quality, calls: c.calls, errors: c.errors };
    };
    const buckets: WindowBucket[] = raw.buckets.map((b) => ({
      startMs: b.startMs,
      treated: cohort(b.treated),
      control: cohort(b.control),
    }));
    return withMergedView({
      windowMs: raw.windowMs,
      bucketMs: raw.bucketMs,
      sketchAlpha: raw.sketchAlpha,
      buckets,
    });
  } catch {
    return null;
  }
}
