import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOpenAI } from '@ai-sdk/openai';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tunedAiSdk } from '../../src/client/adapters/ai-sdk';
import { tunedAnthropic } from '../../src/client/adapters/anthropic';
import { tunedOpenAI } from '../../src/client/adapters/openai';
import { TuneloopClient } from '../../src/client/client';
// @ts-expect-error plain ESM test helper, typed by JSDoc
import { startDev } from '../browser/dev-server.mjs';
import {
  CACHE_READ_TOKENS,
  COMPLETION_TOKENS,
  type FakeServer,
  promptTokensOf,
  startFakeAnthropic,
  startFakeOpenAI,
} from '../fakes/llm-servers';

// The SDK adapters against the running service (`npm start`) and local fake LLM servers that
// speak OpenAI's and Anthropic's wire formats: what each adapter reports is what the decision
// log then holds, and a quality recorded later through the handle completes the reward.
const repo = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'tl_e2e_adapters_key';
let dev: { baseUrl: string; stop: () => Promise<void> };
let workDir: string;
let openaiServer: FakeServer;
let anthropicServer: FakeServer;
let tuneloop: TuneloopClient;

const PROMPT = 'Summarize the incident report in two sentences';
const messages = [{ role: 'user' as const, content: PROMPT }];

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'tuneloop-e2e-adapters-'));
  [dev, openaiServer, anthropicServer] = await Promise.all([
    startDev({
      repo,
      workDir,
      adminKey: KEY,
      env: { DATABASE_URL: process.env.DATABASE_URL ?? '', REDIS_URL: process.env.REDIS_URL ?? '' },
    }),
    startFakeOpenAI(),
    startFakeAnthropic(),
  ]);
  tuneloop = new TuneloopClient({ baseUrl: dev.baseUrl, apiKey: KEY });
}, 240_000);

afterAll(async () => {
  await Promise.all([dev?.stop(), openaiServer?.close(), anthropicServer?.close()]);
  rmSync(workDir, { recursive: true, force: true });
});

async function taskTypeWithTwoArms(prefix: string, model: string) {
  const taskType = `${prefix}-${Date.now().toString(36)}`;
  await tuneloop.putTaskType(taskType, {
    baselineArmId: 'base',
    arms: [
      { id: 'base', params: { model, temperature: 0.7, maxTokens: 400 } },
      { id: 'cool', params: { model, temperature: 0.5, maxTokens: 400, topP: 0.9 } },
    ],
    policy: { kind: 'thompson-gaussian' },
    rollout: { phase: 'general' },
  });
  return taskType;
}

async function exported(taskType: string) {
  const res = await fetch(`${dev.baseUrl}/v1/task-types/${taskType}/decisions`, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  expect(res.status).toBe(200);
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe('the SDK adapters against the running service', () => {
  it('OpenAI: the served arm’s parameters reach the model; tokens, latency, success and a later quality reach the log', async () => {
    const taskType = await taskTypeWithTwoArms('e2e-openai', 'gpt-4o-mini');
    const openai = new OpenAI({ baseURL: openaiServer.baseURL, apiKey: 'test', maxRetries: 0 });
    const tuned = tunedOpenAI(openai, tuneloop);
    const calls = [];
    for (let i = 0; i < 6; i++) {
      const call = await tuned.chat.completions.create({ taskType, context: { i } }, { messages });
      expect(openaiServer.bodies.at(-1)).toMatchObject({
        model: call.params.model,
        temperature: call.params.temperature,
        max_tokens: call.params.maxTokens,
      });
      calls.push(call);
    }
    const failed = tuned.chat.completions.create(
      { taskType },
      { messages: [{ role: 'user', content: 'FAIL' }] },
    );
    await expect(failed).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await calls[0]!.recordQuality(0.9);

    const lines = await exported(taskType);
    expect(lines).toHaveLength(7);
    const byId = new Map(lines.map((l) => [l.decisionId, l]));
    for (const call of calls) {
      const line = byId.get(call.decision!.decisionId);
      expect(line.armId).toBe(call.decision!.armId);
      expect(line.outcome).toMatchObject({
        success: true,
        promptTokens: promptTokensOf({ messages }),
        completionTokens: COMPLETION_TOKENS,
      });
      expect(line.outcome.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(typeof byId.get(calls[0]!.decision!.decisionId).reward).toBe('number');
    expect(lines.filter((l) => l.outcome?.success === false)).toHaveLength(1);
  });

  it('Anthropic: messages.create with the tuned parameters, its usage (cache reads included) in the log', async () => {
    const taskType = await taskTypeWithTwoArms('e2e-anthropic', 'claude-sonnet');
    const anthropic = new Anthropic({
      baseURL: anthropicServer.baseURL.replace(/\/v1$/, ''),
      apiKey: 'test',
      maxRetries: 0,
    });
    const call = await tunedAnthropic(anthropic, tuneloop).messages.create({ taskType }, { messages });
    expect(anthropicServer.bodies.at(-1)).toMatchObject({ model: 'claude-sonnet', max_tokens: 400 });
    await call.recordQuality(0.7);
    const [line] = await exported(taskType);
    expect(line.outcome).toMatchObject({
      success: true,
      promptTokens: promptTokensOf({ messages }) + CACHE_READ_TOKENS,
      completionTokens: COMPLETION_TOKENS,
      quality: 0.7,
    });
    expect(typeof line.reward).toBe('number');
  });

  it('AI SDK: generateText and a consumed streamText each leave one outcome with their usage', async () => {
    const taskType = await taskTypeWithTwoArms('e2e-ai-sdk', 'gpt-4o-mini');
    const provider = createOpenAI({ baseURL: openaiServer.baseURL, apiKey: 'test' });
    const tuned = tunedAiSdk(tuneloop, { model: (id) => provider.chat(id) });
    const generated = await tuned.generateText({ taskType }, { prompt: PROMPT, maxRetries: 0 });
    const streamed = await tuned.streamText({ taskType }, { prompt: PROMPT, maxRetries: 0 });
    for await (const _ of streamed.result.textStream);
    await streamed.recorded;
    const lines = await exported(taskType);
    expect(lines.map((l) => l.decisionId).sort()).toEqual(
      [generated.decision!.decisionId, streamed.decision!.decisionId].sort(),
    );
    for (const line of lines) {
      expect(line.outcome).toMatchObject({
        success: true,
        promptTokens: promptTokensOf({ messages }),
        completionTokens: COMPLETION_TOKENS,
      });
    }
  });
});
