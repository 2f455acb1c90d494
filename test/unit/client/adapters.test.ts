import { createOpenAI } from '@ai-sdk/openai';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tunedAiSdk } from '../../../src/client/adapters/ai-sdk';
import { tunedAnthropic } from '../../../src/client/adapters/anthropic';
import { tunedOpenAI } from '../../../src/client/adapters/openai';
import { TuneloopClient } from '../../../src/client/client';
import type { RecommendResponse } from '../../../src/contract/recommend';
import {
  CACHE_READ_TOKENS,
  COMPLETION_TEXT,
  COMPLETION_TOKENS,
  type FakeServer,
  startFakeAnthropic,
  startFakeOpenAI,
} from '../../fakes/llm-servers';
import { type FakeTuneloop, startFakeTuneloop } from './fake-tuneloop';

// Every parameter tuneloop can set, so each mapping is visible on the wire.
const PARAMS: RecommendResponse['params'] = {
  model: 'gpt-tuned',
  temperature: 0.3,
  maxTokens: 321,
  topP: 0.9,
  frequencyPenalty: 0.2,
  presencePenalty: 0.1,
  stop: ['###'],
  seed: 7,
};
// USD per million tokens; 11 prompt words + 5 completion tokens = (11·2 + 5·8) / 1e6 = 6.2e-5.
const PRICING = { 'gpt-tuned': { inputUsdPerMTok: 2, outputUsdPerMTok: 8 } };
const PROMPT = 'Review this diff for bugs and say what you would change';
const PROMPT_TOKENS = 11; // the fakes count words
// PARAMS as the OpenAI wire spells them.
const OPENAI_WIRE_PARAMS = {
  model: 'gpt-tuned',
  temperature: 0.3,
  max_tokens: 321,
  top_p: 0.9,
  frequency_penalty: 0.2,
  presence_penalty: 0.1,
  stop: ['###'],
  seed: 7,
};
// The outcome of one priced, successful call that took one clock step.
const pricedSuccess = (promptTokens = PROMPT_TOKENS) => ({
  latencyMs: 250,
  success: true,
  promptTokens,
  completionTokens: COMPLETION_TOKENS,
  costUsd: (promptTokens * 2 + COMPLETION_TOKENS * 8) / 1e6,
});

let tuneloop: FakeTuneloop;
let openaiServer: FakeServer;
let anthropicServer: FakeServer;
let client: TuneloopClient;

beforeAll(async () => {
  [tuneloop, openaiServer, anthropicServer] = await Promise.all([
    startFakeTuneloop(PARAMS),
    startFakeOpenAI(),
    startFakeAnthropic(),
  ]);
  // A clock that advances 250 ms per reading: the call's latency is exactly one step.
  let clock = 0;
  client = new TuneloopClient({ baseUrl: tuneloop.baseUrl, apiKey: 'k', now: () => (clock += 250) });
});
afterAll(() => Promise.all([tuneloop.close(), openaiServer.close(), anthropicServer.close()]));

const lastOutcome = () => tuneloop.outcomes.at(-1)!;
const lastBody = (server: FakeServer) => server.bodies.at(-1)!;

describe('the OpenAI adapter', () => {
  const sdk = () => new OpenAI({ baseURL: openaiServer.baseURL, apiKey: 'test', maxRetries: 0 });

  it('sends the tuned parameters in place of the body’s and records latency, tokens, success and cost', async () => {
    const tuned = tunedOpenAI(sdk(), client, { pricing: PRICING });
    const { result, decision } = await tuned.chat.completions.create(
      { taskType: 'code-review', context: { riskTier: 2 }, unitId: 'user-1' },
      {
        model: 'ignored',
        temperature: 1.5,
        max_completion_tokens: 9,
        messages: [{ role: 'user', content: PROMPT }],
      },
    );
    expect(result.choices[0]!.message.content).toBe(COMPLETION_TEXT);
    expect(lastBody(openaiServer)).toEqual({
      ...OPENAI_WIRE_PARAMS,
      messages: [{ role: 'user', content: PROMPT }],
    });
    expect(tuneloop.recommends.at(-1)).toMatchObject({
      taskType: 'code-review',
      context: { riskTier: 2 },
      unitId: 'user-1',
    });
    expect(lastOutcome()).toEqual({ decisionId: decision!.decisionId, ...pricedSuccess() });
  });

  it('puts maxTokens in max_completion_tokens when told to, and records no cost for an unpriced model', async () => {
    const tuned = tunedOpenAI(sdk(), client, { maxTokensField: 'max_completion_tokens' });
    await tuned.chat.completions.create({ taskType: 't' }, { messages: [{ role: 'user', content: PROMPT }] });
    expect(lastBody(openaiServer)).toMatchObject({ max_completion_tokens: 321 });
    expect(lastBody(openaiServer)).not.toHaveProperty('max_tokens');
    expect(lastOutcome()).not.toHaveProperty('costUsd');
    expect(lastOutcome()).toMatchObject({ promptTokens: PROMPT_TOKENS, completionTokens: COMPLETION_TOKENS });
  });

  it('records a failed call as success: false with the SDK’s error, and rethrows that error', async () => {
    const tuned = tunedOpenAI(sdk(), client, { pricing: PRICING });
    const failing = tuned.chat.completions.create(
      { taskType: 't' },
      { messages: [{ role: 'user', content: 'FAIL' }] },
    );
    await expect(failing).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const outcome = lastOutcome();
    expect(outcome).toMatchObject({ success: false, latencyMs: 250 });
    expect(outcome.error).toContain('This model does not like FAIL');
    expect(outcome).not.toHaveProperty('promptTokens');
    expect(outcome).not.toHaveProperty('costUsd');
  });

  it('records quality later, by the same decision id, through the returned handle', async () => {
    const tuned = tunedOpenAI(sdk(), client);
    const call = await tuned.chat.completions.create(
      { taskType: 't' },
      { messages: [{ role: 'user', content: PROMPT }] },
    );
    await call.recordQuality(0.8);
    expect(lastOutcome()).toEqual({ decisionId: call.decision!.decisionId, quality: 0.8 });
  });

  it('runs with fallbackParams and records nothing when tuneloop cannot be reached', async () => {
    const down = new TuneloopClient({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k', retry: { attempts: 1 } });
    const before = tuneloop.outcomes.length;
    const fallback = { model: 'gpt-fallback', temperature: 0.7, maxTokens: 100 };
    const tuned = tunedOpenAI(sdk(), down, { fallbackParams: fallback });
    const call = await tuned.chat.completions.create(
      { taskType: 't' },
      { messages: [{ role: 'user', content: PROMPT }] },
    );
    expect(call.decision).toBeNull();
    expect(lastBody(openaiServer)).toMatchObject({
      model: 'gpt-fallback',
      temperature: 0.7,
      max_tokens: 100,
    });
    await call.recordQuality(1);
    expect(tuneloop.outcomes.length).toBe(before);
  });
});

describe('the Anthropic adapter', () => {
  const sdk = () =>
    new Anthropic({ baseURL: anthropicServer.baseURL.replace(/\/v1$/, ''), apiKey: 'test', maxRetries: 0 });

  it('maps the parameters the Messages API has (no penalties, no seed) and counts cache reads as prompt tokens', async () => {
    const tuned = tunedAnthropic(sdk(), client, { pricing: PRICING });
    const { result } = await tuned.messages.create(
      { taskType: 'summarize' },
      { max_tokens: 5, messages: [{ role: 'user', content: PROMPT }] },
    );
    expect(result.content[0]).toMatchObject({ type: 'text', text: COMPLETION_TEXT });
    expect(lastBody(anthropicServer)).toEqual({
      model: 'gpt-tuned',
      temperature: 0.3,
      max_tokens: 321,
      top_p: 0.9,
      stop_sequences: ['###'],
      messages: [{ role: 'user', content: PROMPT }],
    });
    expect(lastOutcome()).toMatchObject(pricedSuccess(PROMPT_TOKENS + CACHE_READ_TOKENS));
  });

  it('records a refused request as a failure and rethrows the SDK’s error', async () => {
    const tuned = tunedAnthropic(sdk(), client);
    const failing = tuned.messages.create(
      { taskType: 't' },
      { messages: [{ role: 'user', content: 'FAIL' }] },
    );
    await expect(failing).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    expect(lastOutcome()).toMatchObject({ success: false });
    expect(lastOutcome().error).toContain('FAIL');
  });
});

describe('the AI SDK adapter', () => {
  const provider = () => createOpenAI({ baseURL: openaiServer.baseURL, apiKey: 'test' });

  it('generateText: the tuned settings reach the provider and the usage is recorded', async () => {
    const tuned = tunedAiSdk(client, { model: (id) => provider().chat(id), pricing: PRICING });
    const { result, decision } = await tuned.generateText(
      { taskType: 'qa' },
      { prompt: PROMPT, temperature: 1.9, maxRetries: 0 },
    );
    expect(result.text).toBe(COMPLETION_TEXT);
    expect(lastBody(openaiServer)).toMatchObject(OPENAI_WIRE_PARAMS);
    expect(lastOutcome()).toEqual({ decisionId: decision!.decisionId, ...pricedSuccess() });
  });

  it('streamText: records the outcome once the caller has read the stream to its end', async () => {
    const tuned = tunedAiSdk(client, { model: (id) => provider().chat(id) });
    const before = tuneloop.outcomes.length;
    const stream = await tuned.streamText({ taskType: 'qa' }, { prompt: PROMPT, maxRetries: 0 });
    let text = '';
    for await (const part of stream.result.textStream) text += part;
    await stream.recorded;
    expect(lastBody(openaiServer)).toMatchObject({ stream: true, model: 'gpt-tuned', max_tokens: 321 });
    expect(text).toBe(COMPLETION_TEXT);
    expect(tuneloop.outcomes.length).toBe(before + 1);
    expect(lastOutcome()).toMatchObject({
      decisionId: stream.decision!.decisionId,
      success: true,
      promptTokens: PROMPT_TOKENS,
      completionTokens: COMPLETION_TOKENS,
    });
  });

  it('generateText: a provider error is recorded as a failure and rethrown', async () => {
    const tuned = tunedAiSdk(client, { model: (id) => provider().chat(id) });
    await expect(tuned.generateText({ taskType: 'qa' }, { prompt: 'FAIL', maxRetries: 0 })).rejects.toThrow(
      /does not like FAIL/,
    );
    expect(lastOutcome()).toMatchObject({ success: false });
  });
});
