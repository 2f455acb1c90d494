/**
 * What every SDK adapter does around one LLM call: ask tuneloop for parameters, run the call,
 * and report latency, tokens, success and cost as the decision's outcome. Quality usually comes
 * later (a judge, a user's thumbs-up), so the caller gets a handle to record it by decision id.
 * The adapters differ only in how parameters map onto their SDK and where its usage figures are.
 */
import type { RecommendResponse } from '../../contract/recommend';
import type { OutcomeInput, RecommendInput, TuneloopClient } from '../client';

export type TunedParams = RecommendResponse['params'];

/** Which task type, and what tuneloop should know about this call to choose for it. */
export interface TuneRequest {
  taskType: string;
  context?: RecommendInput['context'];
  /** sticky cohort unit: a user, session or conversation id */
  unitId?: string;
  /** idempotency key of the recommend; default a fresh UUID (which makes retrying it safe) */
  requestId?: string;
  /** the LLM's own sampling seed, copied into the parameters (API.md "Randomization and seed") */
  seed?: number;
}

/** USD per million tokens, per model, as the task type config's `pricing` (API.md "Cost"). */
export type Pricing = Record<string, { inputUsdPerMTok: number; outputUsdPerMTok: number }>;

export interface AdapterOptions {
  /** with it, an outcome whose model is priced carries `costUsd`; without it tuneloop prices the tokens */
  pricing?: Pricing;
  /** parameters to run with when tuneloop cannot answer (nothing is recorded then) */
  fallbackParams?: TunedParams;
  /** where an outcome that could not be recorded goes; the call's own result is never replaced */
  onRecordError?: (error: unknown, outcome: OutcomeInput) => void;
}

export interface TokenUsage {
  promptTokens?: number | undefined;
  completionTokens?: number | undefined;
}

/** The SDK's result with the decision behind it and the way to add quality later. */
export interface Tuned<T> {
  result: T;
  /** null only when `fallbackParams` stood in for an unreachable tuneloop */
  decision: RecommendResponse | null;
  params: TunedParams;
  /** records the call's quality in [0, 1] (merged into the same outcome); a no-op without a decision */
  recordQuality(quality: number): Promise<void>;
}

/** An outcome with `costUsd` (API.md "Cost"): a service that predates it ignores the field. */
type PricedOutcome = OutcomeInput & { costUsd?: number };

/** A call begun: its parameters, and `finish` to report how it went (once). */
export interface TunedRun {
  decision: RecommendResponse | null;
  params: TunedParams;
  finish(report: { usage?: TokenUsage | undefined; error?: unknown }): Promise<void>;
  recordQuality(quality: number): Promise<void>;
}

/** Recommend and start the clock; for calls whose end is an event (streams). */
export async function startTuned(
  client: TuneloopClient,
  request: TuneRequest,
  options: AdapterOptions = {},
): Promise<TunedRun> {
  let decision: RecommendResponse;
  try {
    decision = await client.recommend({
      taskType: request.taskType,
      context: request.context ?? {},
      requestId: request.requestId ?? crypto.randomUUID(),
      ...(request.unitId === undefined ? {} : { unitId: request.unitId }),
      ...(request.seed === undefined ? {} : { seed: request.seed }),
    });
  } catch (error) {
    if (!options.fallbackParams) throw error;
    const params = options.fallbackParams;
    return { decision: null, params, finish: async () => {}, recordQuality: async () => {} };
  }

  const startedMs = client.now();
  let finished = false;
  return {
    decision,
    params: decision.params,
    async finish({ usage, error }) {
      if (finished) return;
      finished = true;
      const latencyMs = Math.max(0, Math.round((client.now() - startedMs) * 1000) / 1000);
      const tokens = tokenFields(usage);
      const outcome: PricedOutcome = {
        decisionId: decision.decisionId,
        latencyMs,
        success: error === undefined,
        ...(error === undefined ? {} : { error: describe(error) }),
        ...tokens,
        ...costField(options.pricing, decision.params.model, tokens),
      };
      try {
        await client.recordOutcome(outcome);
      } catch (recordError) {
        (options.onRecordError ?? warn)(recordError, outcome);
      }
    },
    async recordQuality(quality) {
      await client.recordOutcome({ decisionId: decision.decisionId, quality });
    },
  };
}

/** Recommend, run `call` with the parameters, report its outcome; a thrown error is recorded and rethrown. */
export async function runTuned<T>(
  client: TuneloopClient,
  request: TuneRequest,
  options: AdapterOptions,
  call: (params: TunedParams) => Promise<T>,
  usageOf: (result: T) => TokenUsage | undefined,
): Promise<Tuned<T>> {
  const run = await startTuned(client, request, options);
  let result: T;
  try {
    result = await call(run.params);
  } catch (error) {
    await run.finish({ error });
    throw error;
  }
  await run.finish({ usage: usageOf(result) });
  return { result, decision: run.decision, params: run.params, recordQuality: run.recordQuality };
}

/** An SDK's `create`, tuned: tuneloop's request first, then the SDK's own arguments. */
export type TunedCreate<Body, Options, T> = (
  request: TuneRequest,
  body: Body,
  requestOptions?: Options,
) => Promise<Tuned<T>>;

/**
 * An SDK's `create(request, body, requestOptions?)`, tuned: `send` makes the SDK's own call
 * with the recommended parameters merged into `body`; `usageOf` reads the tokens it used.
 */
export function tunedCreate<Body, Options, T>(
  client: TuneloopClient,
  options: AdapterOptions,
  send: (body: Body, params: TunedParams, requestOptions?: Options) => PromiseLike<T>,
  usageOf: (result: T) => TokenUsage | undefined,
): TunedCreate<Body, Options, T> {
  return (request, body, requestOptions) =>
    runTuned(client, request, options, async (params) => send(body, params, requestOptions), usageOf);
}

/** Cost in USD of the tokens at the model's price; undefined when either is unknown. */
export function costUsd(pricing: Pricing | undefined, model: string, usage: TokenUsage | undefined) {
  const price = pricing && Object.hasOwn(pricing, model) ? pricing[model] : undefined;
  if (!price || usage?.promptTokens === undefined || usage.completionTokens === undefined) return undefined;
  return (usage.promptTokens * price.inputUsdPerMTok + usage.completionTokens * price.outputUsdPerMTok) / 1e6;
}

function costField(pricing: Pricing | undefined, model: string, usage: TokenUsage | undefined) {
  const cost = costUsd(pricing, model, usage);
  return cost === undefined ? {} : { costUsd: cost };
}

/** Only whole, non-negative counts: an SDK that reports none (or NaN) leaves the field unset. */
function tokenFields(usage: TokenUsage | undefined): TokenUsage {
  const valid = (n: number | undefined): n is number => n !== undefined && Number.isInteger(n) && n >= 0;
  return {
    ...(valid(usage?.promptTokens) ? { promptTokens: usage.promptTokens } : {}),
    ...(valid(usage?.completionTokens) ? { completionTokens: usage.completionTokens } : {}),
  };
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}

function warn(error: unknown, outcome: OutcomeInput) {
  console.warn(`tuneloop: could not record the outcome of ${outcome.decisionId}:`, error);
}
