/**
 * Anthropic adapter (`tuneloop/client/anthropic`): `messages.create` with the parameters
 * tuneloop chose, its latency, tokens, success and cost recorded as the decision's outcome.
 * The Messages API has no frequency or presence penalty and no seed; those parameters are not sent.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { TuneloopClient } from '../client';
import { type AdapterOptions, type TunedCreate, type TunedParams, tunedCreate } from './tuned-call';

type CreateBody = Anthropic.MessageCreateParamsNonStreaming;
type RequestOptions = NonNullable<Parameters<Anthropic['messages']['create']>[1]>;

/** The body without the fields tuneloop sets (a value given for one of them is replaced). */
export type AnthropicMessageBody = Omit<CreateBody, 'model' | 'max_tokens'> & {
  model?: string;
  max_tokens?: number;
};

/** The part of an Anthropic client the adapter calls. */
export interface AnthropicMessagesLike {
  messages: { create(body: CreateBody, options?: RequestOptions): PromiseLike<Anthropic.Message> };
}

/** tuneloop's parameters as Messages API fields; unset optional ones stay unset. */
export function anthropicMessageParams(params: TunedParams) {
  return {
    model: params.model,
    temperature: params.temperature,
    max_tokens: params.maxTokens,
    ...(params.topP === undefined ? {} : { top_p: params.topP }),
    ...(params.stop === undefined ? {} : { stop_sequences: params.stop }),
  };
}

/** Prompt tokens include those written to and read from the prompt cache: all were sent. */
export function anthropicUsage(message: Anthropic.Message) {
  const usage = message.usage;
  if (!usage) return undefined;
  return {
    promptTokens:
      usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0),
    completionTokens: usage.output_tokens,
  };
}

/**
 * Wraps an Anthropic client: `tuned.messages.create({ taskType, context }, { messages })`
 * resolves to `{ result, decision, params, recordQuality }`; a failed call is recorded and rethrown.
 */
export function tunedAnthropic(
  anthropic: AnthropicMessagesLike,
  tuneloop: TuneloopClient,
  options: AdapterOptions = {},
): { messages: { create: TunedCreate<AnthropicMessageBody, RequestOptions, Anthropic.Message> } } {
  const send = (body: AnthropicMessageBody, params: TunedParams, requestOptions?: RequestOptions) =>
    anthropic.messages.create({ ...body, ...anthropicMessageParams(params) } as CreateBody, requestOptions);
  return { messages: { create: tunedCreate(tuneloop, options, send, anthropicUsage) } };
}
