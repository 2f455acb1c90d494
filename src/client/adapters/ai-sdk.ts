/**
 * Vercel AI SDK adapter (`tuneloop/client/ai-sdk`): `generateText` and `streamText` with the
 * parameters tuneloop chose. A generation's outcome is recorded when it returns; a stream's when
 * it ends (its total usage settles), with the latency of the whole stream.
 */
import { generateText, type LanguageModel, streamText } from 'ai';
import type { TuneloopClient } from '../client';
import {
  type AdapterOptions,
  runTuned,
  startTuned,
  type TokenUsage,
  type Tuned,
  type TunedParams,
  type TuneRequest,
} from './tuned-call';

type GenerateArgs = Parameters<typeof generateText>[0];
type StreamArgs = Parameters<typeof streamText>[0];
type GenerateResult = Awaited<ReturnType<typeof generateText>>;
type StreamResult = ReturnType<typeof streamText>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The call's options without `model`, which tuneloop chooses (other tuned fields are replaced). */
export type AiGenerateArgs = DistributiveOmit<GenerateArgs, 'model'>;
export type AiStreamArgs = DistributiveOmit<StreamArgs, 'model'>;

export interface AiSdkAdapterOptions extends AdapterOptions {
  /**
   * The model object for a model id, e.g. `(id) => openai(id)`. Default: the id itself, which
   * the AI SDK resolves through its global provider.
   */
  model?: (modelId: string) => LanguageModel;
}

/** A stream with its decision; `recorded` settles once its outcome has been reported. */
export interface TunedStream extends Tuned<StreamResult> {
  recorded: Promise<void>;
}

/** tuneloop's parameters as AI SDK call settings; unset optional ones stay unset. */
export function aiSdkSettings(params: TunedParams, model: AiSdkAdapterOptions['model']) {
  return {
    model: model ? model(params.model) : params.model,
    temperature: params.temperature,
    maxOutputTokens: params.maxTokens,
    ...(params.topP === undefined ? {} : { topP: params.topP }),
    ...(params.frequencyPenalty === undefined ? {} : { frequencyPenalty: params.frequencyPenalty }),
    ...(params.presencePenalty === undefined ? {} : { presencePenalty: params.presencePenalty }),
    ...(params.stop === undefined ? {} : { stopSequences: params.stop }),
    ...(params.seed === undefined ? {} : { seed: params.seed }),
  };
}

interface UsageLike {
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  /** the names before AI SDK 5 */
  promptTokens?: number | undefined;
  completionTokens?: number | undefined;
}

/** Usage over every step of the call (tool round trips included). */
export function aiSdkUsage(usage: UsageLike | undefined): TokenUsage | undefined {
  if (!usage) return undefined;
  return {
    promptTokens: usage.inputTokens ?? usage.promptTokens,
    completionTokens: usage.outputTokens ?? usage.completionTokens,
  };
}

/**
 * `tuned.generateText({ taskType, context }, { prompt })` resolves to `{ result, decision,
 * params, recordQuality }`; `tuned.streamText(…)` resolves as soon as the stream has begun.
 */
export function tunedAiSdk(tuneloop: TuneloopClient, options: AiSdkAdapterOptions = {}) {
  return {
    generateText(request: TuneRequest, args: AiGenerateArgs): Promise<Tuned<GenerateResult>> {
      return runTuned(
        tuneloop,
        request,
        options,
        (params) => generateText({ ...args, ...aiSdkSettings(params, options.model) } as GenerateArgs),
        (result) => aiSdkUsage(result.totalUsage ?? result.usage),
      );
    },

    async streamText(request: TuneRequest, args: AiStreamArgs): Promise<TunedStream> {
      const run = await startTuned(tuneloop, request, options);
      let result: StreamResult;
      try {
        result = streamText({ ...args, ...aiSdkSettings(run.params, options.model) } as StreamArgs);
      } catch (error) {
        await run.finish({ error });
        throw error;
      }
      // totalUsage settles when the caller has consumed the stream: resolved at its end, rejected on its error.
      const recorded = Promise.resolve(result.totalUsage).then(
        (usage) => run.finish({ usage: aiSdkUsage(usage) }),
        (error: unknown) => run.finish({ error }),
      );
      return {
        result,
        decision: run.decision,
        params: run.params,
        recordQuality: run.recordQuality,
        recorded,
      };
    },
  };
}
