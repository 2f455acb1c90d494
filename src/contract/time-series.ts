import { z } from 'zod';

/** The bucket widths a reader may ask for, each a whole number of stored minute or hour rows. */
export const SERIES_BUCKETS = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 } as const;
export type SeriesBucket = keyof typeof SERIES_BUCKETS;

/** The most buckets one answer spans: a day of minutes with room to spare. */
export const MAX_SERIES_BUCKETS = 2880;

/** `GET …/timeseries?bucket&since&until`. */
export const TimeSeriesQuery = z.object({
  bucket: z
    .enum(Object.keys(SERIES_BUCKETS) as [SeriesBucket, ...SeriesBucket[]])
    .default('1h')
    .describe(
      'bucket width: 1m and 5m from minute rows (kept 48 h), 1h and 1d from hour rows (kept 30 days)',
    ),
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('ISO-8601, inclusive, rounded down to the bucket; default: 24 h before until (30 days for 1d)'),
  until: z.iso.datetime({ offset: true }).optional().describe('ISO-8601, exclusive; default now'),
});
export type TimeSeriesQuery = z.infer<typeof TimeSeriesQuery>;

const LatencyQuantiles = z.object({
  count: z.number().int().min(0),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
});

/** One arm in one bucket; counts are of decisions issued in the bucket, whenever their outcome came. */
export const TimeSeriesPoint = z.object({
  /** the bucket's start, ISO-8601 UTC */
  start: z.string(),
  armId: z.string(),
  decisions: z.number().int().min(0),
  /** decisions with at least one outcome part */
  outcomes: z.number().int().min(0),
  /** decisions whose reward is known; decisions − rewards are missing rewards */
  rewards: z.number().int().min(0),
  rewardSum: z.number(),
  /** rewardSum / rewards; null without rewards */
  rewardMean: z.number().nullable(),
  /** cost reported or priced, summed */
  costUsd: z.number(),
  /** DDSketch quantiles (relative error ≤ 1 %); null without latencies */
  latencyMs: LatencyQuantiles.nullable(),
  /** the smallest logged propensity; null without decisions */
  minPropensity: z.number().nullable(),
});
export type TimeSeriesPoint = z.infer<typeof TimeSeriesPoint>;

/** `GET /v1/task-types/{taskType}/timeseries`: aggregates kept by the task type, never its raw log. */
export const TimeSeries = z
  .looseObject({
    taskType: z.string(),
    bucket: z.string(),
    bucketMs: z.number().int(),
    since: z.string(),
    until: z.string(),
    /** rows of this resolution are kept from here on: earlier buckets are absent, not empty */
    keptSince: z.string(),
    /** only buckets and arms with something in them, by start then arm */
    points: z.array(TimeSeriesPoint),
  })
  .meta({ id: 'TimeSeries' });
export type TimeSeries = z.infer<typeof TimeSeries>;
