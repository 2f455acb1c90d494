/**
 * OpenAI adapter (`tuneloop/client/openai`): `chat.completions.create` with the parameters
 * tuneloop chose, its latency, tokens, success and cost recorded as the decision's outcome.
 * Works with any client of the same shape (OpenAI-compatible servers through `baseURL`).
 */
import type OpenAI from 'openai';
import type { TuneloopClient } from '../client';
import { type AdapterOptions, type TunedCreate, type TunedParams, tunedCreate } from './tuned-call';

type CreateBody = OpenAI.ChatCompletionCreateParamsNonStreaming;
type RequestOptions = NonNullable<Parameters<OpenAI['chat']['completions']['create']>[1]>;

/** The body without the fields tuneloop sets (a value given for one of them is replaced). */
export type OpenAIChatBody = Omit<CreateBody, 'model'> & { model?: string };

/** The part of an OpenAI client the adapter calls. */
export interface OpenAIChatLike {
  chat: {
    completions: {
      create(body: CreateBody, options?: RequestOptions): PromiseLike<OpenAI.ChatCompletion>;
    };
  };
}

export interface OpenAIAdapterOptions extends AdapterOptions {
  /**
   * Where `maxTokens` goes: `max_tokens` (default; what OpenAI-compatible servers know) or
   * `max_completion_tokens` (what OpenAI's reasoning models require).
   */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

/** tuneloop's parameters as chat-completions fields; unset optional ones stay unset. */
export function openAIChatParams(
  params: TunedParams,
  maxTokensField: OpenAIAdapterOptions['maxTokensField'] = 'max_tokens',
) {
  return {
    model: params.model,
    temperature: params.temperature,
    [maxTokensField]: params.maxTokens,
    ...(params.topP === undefined ? {} : { top_p: params.topP }),
    ...(params.frequencyPenalty === undefined ? {} : { frequency_penalty: params.frequencyPenalty }),
    ...(params.presencePenalty === undefined ? {} : { presence_penalty: params.presencePenalty }),
    ...(params.stop === undefined ? {} : { stop: params.stop }),
    ...(params.seed === undefined ? {} : { seed: params.seed }),
  };
}

/**
 * Wraps an OpenAI client: `tuned.chat.completions.create({ taskType, context }, { messages })`
 * resolves to `{ result, decision, params, recordQuality }`; a failed call is recorded and rethrown.
 */
export function tunedOpenAI(
  openai: OpenAIChatLike,
  tuneloop: TuneloopClient,
  options: OpenAIAdapterOptions = {},
): { chat: { completions: { create: TunedCreate<OpenAIChatBody, RequestOptions, OpenAI.ChatCompletion> } } } {
  const send = (body: OpenAIChatBody, params: TunedParams, requestOptions?: RequestOptions) => {
    // Both token limits go: the one tuneloop sets replaces either.
    const { max_tokens: _a, max_completion_tokens: _b, ...rest } = body;
    const tuned = { ...rest, ...openAIChatParams(params, options.maxTokensField) } as CreateBody;
    return openai.chat.completions.create(tuned, requestOptions);
  };
  const usage = (completion: OpenAI.ChatCompletion) => ({
    promptTokens: completion.usage?.prompt_tokens,
    completionTokens: completion.usage?.completion_tokens,
  });
  return { chat: { completions: { create: tunedCreate(tuneloop, options, send, usage) } } };
}
