import type { RecommendResponse } from '../contract/recommend';
import type { OutcomeInput, RecommendInput, TuneloopClient } from './client';

export interface TuningOptions<T> {
  /** the call's quality in [0, 1]; leave it out when a judge reports it later (by decision id) */
  quality?: (result: T) => number | undefined | Promise<number | undefined>;
  /** tokens the call used, from the provider's usage figures */
  tokens?: (result: T) => { promptTokens?: number; completionTokens?: number } | undefined;
  /** idempotency key of the recommend; default a fresh UUID, so a retried recommend is safe */
  requestId?: string;
  /** sticky cohort unit: a user, session or conversation id */
  unitId?: string;
  seed?: number;
  /**
   * Parameters to run with when tuneloop cannot answer (no outcome is recorded then);
   * without them, a failed recommend fails the call.
   */
  fallbackParams?: RecommendResponse['params'];
  /**
   * Where an outcome that could not be recorded (after the retries) goes; the call's own
   * result or error is never replaced by it. Default: console.warn.
   */
  onRecordError?: (error: unknown, outcome: OutcomeInput) => void;
}

/** See TuneloopClient.withTuning. */
export async function withTuning<T>(
  client: TuneloopClient,
  taskType: string,
  context: RecommendInput['context'],
  call: (params: RecommendResponse['params'], decision: RecommendResponse | null) => Promise<T>,
  options: TuningOptions<T>,
): Promise<T> {
  let decision: RecommendResponse;
  try {
    decision = await client.recommend({
      taskType,
      context,
      requestId: options.requestId ?? crypto.randomUUID(),
      ...(options.unitId === undefined ? {} : { unitId: options.unitId }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
  } catch (error) {
    if (!options.fallbackParams) throw error;
    return call(options.fallbackParams, null);
  }

  const record = async (outcome: OutcomeInput) => {
    try {
      await client.recordOutcome(outcome);
    } catch (error) {
      (options.onRecordError ?? warn)(error, outcome);
    }
  };

  const startedMs = client.now();
  let result: T;
  try {
    result = await call(decision.params, decision);
  } catch (error) {
    await record({
      decisionId: decision.decisionId,
      latencyMs: elapsed(client, startedMs),
      success: false,
      error: describe(error),
    });
    throw error;
  }
  const latencyMs = elapsed(client, startedMs);
  const quality = options.quality ? await options.quality(result) : undefined;
  const tokens = options.tokens?.(result) ?? {};
  await record({
    decisionId: decision.decisionId,
    latencyMs,
    success: true,
    ...(quality === undefined ? {} : { quality }),
    ...(tokens.promptTokens === undefined ? {} : { promptTokens: tokens.promptTokens }),
    ...(tokens.completionTokens === undefined ? {} : { completionTokens: tokens.completionTokens }),
  });
  return result;
}

function elapsed(client: TuneloopClient, startedMs: number): number {
  return Math.max(0, Math.round((client.now() - startedMs) * 1000) / 1000);
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}

function warn(error: unknown, outcome: OutcomeInput) {
  console.warn(`tuneloop: could not record the outcome of ${outcome.decisionId}:`, error);
}
