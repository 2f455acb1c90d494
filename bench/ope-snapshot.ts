/**
 * A policy snapshot for the `ope` benchmark: LinUCB over the synthetic log's context (every
 * feature kind), learned from the log's first rows, written as `GET …/policy-snapshot` would.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { TaskTypeConfig } from '../src/contract/task-type';
import { policySnapshotOf } from '../src/evaluation/policy-snapshot';
import { encodeContext } from '../src/features/encode';
import { configStep } from '../src/optimizer/config-step';
import { learnReward } from '../src/optimizer/learn';

const arm = (id: string, temperature: number) => ({
  id,
  params: { model: 'm', temperature, maxTokens: 800 },
});

export async function writeSnapshot(logPath: string, outPath: string, learnRows = 5000): Promise<void> {
  const config = TaskTypeConfig.parse({
    baselineArmId: 'base',
    arms: [arm('base', 0.7), arm('cool', 0.3), arm('warm', 1), arm('terse', 0.5)],
    policy: { kind: 'linucb', alpha: 0.5 },
    features: [
      { name: 'promptTokens', kind: 'log' },
      { name: 'riskTier', kind: 'numeric' },
      { name: 'lang', kind: 'category' },
      { name: 'tags', kind: 'tags' },
      { name: 'urgent', kind: 'bool' },
    ],
  });
  const input = { taskType: 'code-review', config, ifMatchVersion: null, actor: 'bench' };
  let state = configStep(null, input, 0).next!.policy;
  const lines = createInterface({ input: createReadStream(logPath, 'utf8') });
  let seen = 0;
  for await (const text of lines) {
    const line = JSON.parse(text);
    if (line.reward !== null) {
      const encoded = [...encodeContext(config.features, line.context).x];
      const pending = { decisionId: line.decisionId, armId: line.armId, issuedAtMs: 0, expiresAtMs: 1 };
      const rest = { outcome: {}, reward: null, encoded, served: 'policy' as const, configVersion: 1 };
      state = learnReward(state, { ...pending, ...rest }, line.reward);
    }
    if (++seen >= learnRows) break;
  }
  lines.close();
  writeFileSync(outPath, JSON.stringify(policySnapshotOf(state, 0)));
}
