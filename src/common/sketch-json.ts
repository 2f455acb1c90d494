import { z } from 'zod';
import type { Sketch } from './ddsketch';

/**
 * A sketch as stored (DO storage, slo_metrics rows): short keys, bins as one dense array
 * from the lowest non-empty key, count derived. ~700 bins cover 1 ms … 1,000 s at α = 1 %.
 */
export const SketchJson = z.strictObject({
  /** relative accuracy α */
  a: z.number().gt(0).lt(1),
  /** zero count */
  z: z.number().int().min(0),
  /** key of b[0] */
  o: z.number().int(),
  /** counts per consecutive key */
  b: z.array(z.number().int().min(0)),
  /** exact min and max; null when empty */
  min: z.number().min(0).nullable(),
  max: z.number().min(0).nullable(),
});
export type SketchJson = z.infer<typeof SketchJson>;

export function sketchToJson(sketch: Sketch): SketchJson {
  const empty = sketch.count === 0;
  return {
    a: sketch.alpha,
    z: sketch.zeroCount,
    o: sketch.offset,
    b: [...sketch.bins],
    min: empty ? null : sketch.min,
    max: empty ? null : sketch.max,
  };
}

/** Parses stored JSON back into a sketch; a malformed value is `{ ok: false, reason }`. */
export function sketchFromJson(json: unknown): { ok: true; sketch: Sketch } | { ok: false; reason: string } {
  const parsed = SketchJson.safeParse(json);
  if (!parsed.success) return { ok: false, reason: parsed.error.message };
  const { a, z: zeroCount, o, b, min, max } = parsed.data;
  const count = zeroCount + b.reduce((sum, c) => sum + c, 0);
  if ((count === 0) !== (min === null) || (min === null) !== (max === null))
    return { ok: false, reason: 'min/max must be null exactly when the sketch is empty' };
  return {
    ok: true,
    sketch: {
      alpha: a,
      count,
      zeroCount,
      offset: o,
      bins: b,
      min: min ?? Number.NaN,
      max: max ?? Number.NaN,
    },
  };
}
