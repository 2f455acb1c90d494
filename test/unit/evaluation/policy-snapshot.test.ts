import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/common/seeded-rng';
import type { DecisionLogLine } from '../../../src/contract/decision-log';
import { PolicySnapshot } from '../../../src/contract/policy-snapshot';
import { policySnapshotOf, policyStateOfSnapshot } from '../../../src/evaluation/policy-snapshot';
import { evaluateTaskType } from '../../../src/evaluation/task-type-evaluation';
import { ESTIMATOR_NAMES } from '../../../src/evaluation/types';
import { encodeContext } from '../../../src/features/encode';
import { learnReward } from '../../../src/optimizer/learn';
import { requestPolicy } from '../../../src/optimizer/policy-decision';
import type { PolicyState } from '../../../src/optimizer/policy-state';
import { sharedArmKey } from '../../../src/sharing/group-prior';
import { configOf, created, T0 } from '../optimizer/fixture';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ope-snapshot-'));
const ARMS = ['base', 'warm', 'cool'];
const arm = (id: string, temperature: number) => ({
  id,
  params: { model: 'm', temperature, maxTokens: 100 },
});

/** Arm `k` pays more for larger `size`, so a learned linear policy prefers different arms by context. */
const rewardOf = (k: number, size: number, noise: number) =>
  Math.min(1, Math.max(0, 0.3 + 0.1 * k * (size - 2) + 0.2 * noise));

/** A task type of `policy` kind after 90 rewarded decisions at random sizes. */
function learned(policy: Record<string, unknown>): PolicyState {
  const config = configOf({
    arms: [arm('base', 0.7), arm('warm', 0.9), arm('cool', 0.5)],
    policy,
    features: [{ name: 'size', kind: 'numeric' }],
    rollout: { minConfidence: 0.2 },
  });
  let state = created(config).policy;
  const rng = seededRng('learn');
  for (let i = 0; i < 90; i++) {
    const k = i % 3;
    const size = 4 * rng();
    const encoded = [...encodeContext(config.features, { size }).x];
    const pending = {
      decisionId: `l${i}`,
      armId: ARMS[k]!,
      issuedAtMs: T0,
      expiresAtMs: T0 + 1,
      outcome: {},
      reward: null,
      encoded,
      served: 'policy' as const,
      configVersion: 1,
    };
    state = learnReward(state, pending, rewardOf(k, size, rng()));
  }
  return state;
}

/** 400 logged decisions, uniform over the arms, one in ten without a reward yet. */
function logLines(): DecisionLogLine[] {
  const rng = seededRng('log');
  return Array.from({ length: 400 }, (_, i) => {
    const k = Math.floor(rng() * 3);
    const size = 4 * rng();
    return {
      decisionId: `d${String(i).padStart(4, '0')}`,
      taskType: 'summarize',
      timestamp: new Date(T0 + i * 1000).toISOString(),
      context: { size },
      armId: ARMS[k]!,
      propensity: 1 / 3,
      reward: i % 10 === 9 ? null : rewardOf(k, size, rng()),
    };
  });
}

const write = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

function ope(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bin/ope.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The snapshot as the route serves it: through JSON. */
const exported = (state: PolicyState) => JSON.stringify(policySnapshotOf(state, T0 + 3_600_000));

describe('ope --policy snapshot:FILE', { timeout: 60_000 }, () => {
  const lines = logLines();
  const logPath = write('log.jsonl', `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);

  // Independent of the CLI's own code path: the cron's evaluateTaskType on the same rows, whose
  // "current" policy is the state the snapshot froze.
  it.each([
    ['linear-thompson', { kind: 'linear-thompson', draws: 50 }],
    ['linucb', { kind: 'linucb', alpha: 0.5 }],
    ['thompson-gaussian', { kind: 'thompson-gaussian', draws: 200 }],
  ])('gives the %s policy the estimates the hourly evaluation gives it', (_name, policy) => {
    const state = learned(policy);
    const cron = evaluateTaskType(lines, state, state);
    if (!('policies' in cron)) throw new Error('the cron evaluated nothing');
    const current = cron.policies.find((p) => p.policy === 'current')!;
    const snapshotPath = write(`${_name}.json`, exported(state));
    const run = ope('--input', logPath, '--policy', `snapshot:${snapshotPath}`, '--bootstrap', '20');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ n: 360, missingRewards: 40, arms: ARMS });
    const got = report.policies[0];
    expect(got.policy).toBe(`snapshot:${snapshotPath}`);
    for (const name of ESTIMATOR_NAMES) {
      const want = current.estimates[name].value;
      expect(Math.abs(got.estimates[name].value - want), name).toBeLessThanOrEqual(1e-12 * Math.abs(want));
    }
    // a learned policy, not the uniform logging policy: its estimate moved
    expect(got.estimates.ips.value).not.toBeCloseTo(cron.policies[0]!.estimates.ips.value, 6);
  });

  it('gives the same estimates whatever order --arms lists the arms in', () => {
    const snapshotPath = write('order.json', exported(learned({ kind: 'linucb', alpha: 0.5 })));
    const estimate = (...arms: string[]) => {
      const run = ope(
        '--input',
        logPath,
        '--policy',
        `snapshot:${snapshotPath}`,
        '--bootstrap',
        '20',
        ...arms,
      );
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout).policies[0].estimates.dr.value as number;
    };
    expect(estimate('--arms', 'cool,base,warm')).toBeCloseTo(estimate(), 12);
  });

  it('refuses an edited snapshot, and one whose arms are not the log’s, with exit 2 and nothing on stdout', () => {
    const snapshot = JSON.parse(exported(learned({ kind: 'linucb' })));
    snapshot.config.policy.epsilon = 0.5;
    const edited = ope(
      '--input',
      logPath,
      '--policy',
      `snapshot:${write('edited.json', JSON.stringify(snapshot))}`,
    );
    expect(edited).toMatchObject({ code: 2, stdout: '' });
    expect(edited.stderr).toMatch(/configHash does not match/);
    const good = write('good.json', exported(learned({ kind: 'linucb' })));
    const wrongArms = ope('--input', logPath, '--policy', `snapshot:${good}`, '--arms', 'base,warm');
    expect(wrongArms).toMatchObject({ code: 2, stdout: '' });
    expect(wrongArms.stderr).toMatch(/are not the log's/);
    const missing = ope('--input', logPath, '--policy', `snapshot:${join(tmp, 'nope.json')}`);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
  });
});

describe('policy snapshots', () => {
  it('restore exactly the state they froze, through JSON and the contract', () => {
    const state = learned({ kind: 'linear-thompson', draws: 50 });
    const restored = policyStateOfSnapshot(PolicySnapshot.parse(JSON.parse(exported(state))));
    if (!restored.ok) throw new Error(restored.reason);
    expect(restored.state.linear).toEqual(state.linear);
    expect(restored.state.config).toEqual(state.config);
    expect(`${restored.state.configVersion}.${restored.state.revision}`).toBe('1.90');
    for (const id of ARMS) expect(restored.state.arms[id]!.reward).toEqual(state.arms[id]!.reward);
  });

  it("keep a linear group member's prior, so the restored policy decides as the member served", () => {
    const state = learned({ kind: 'linucb' });
    const warm = state.config.arms[1]!;
    const d = state.linear!.dimension;
    // The group's pool says 'warm' pays 1 wherever it was tried: 50 pseudo-outcomes at x = e₀.
    const xx = new Array<number>(d * d).fill(0);
    xx[0] = 50;
    const xr = new Array<number>(d).fill(0);
    xr[0] = 50;
    const member: PolicyState = {
      ...state,
      linearGroupPrior: { [sharedArmKey(warm.id, warm.params)]: { xx, xr, n: 50 } },
    };
    const restored = policyStateOfSnapshot(PolicySnapshot.parse(JSON.parse(exported(member))));
    if (!restored.ok) throw new Error(restored.reason);
    expect(restored.state.linearGroupPrior).toEqual(member.linearGroupPrior);
    const decide = (s: PolicyState) =>
      requestPolicy(s, null, { size: 1 }).decide(seededRng('x')).probabilities;
    expect(decide(restored.state)).toEqual(decide(member));
    expect(decide(member)).not.toEqual(decide(state));
  });

  it('refuse parts that disagree: arm order, a missing linear model, a kind not the config’s', () => {
    const base = JSON.parse(exported(learned({ kind: 'linucb' })));
    const reason = (edit: (s: any) => void) => {
      const copy = structuredClone(base);
      edit(copy);
      const restored = policyStateOfSnapshot(PolicySnapshot.parse(copy));
      return restored.ok ? 'accepted' : restored.reason;
    };
    expect(reason(() => {})).toBe('accepted');
    expect(reason((s) => s.arms.reverse())).toMatch(/arms must be the config's/);
    expect(reason((s) => (s.linear = null))).toMatch(/linear is missing/);
    expect(reason((s) => (s.kind = 'linear-thompson'))).toMatch(/is not the config's/);
    const d = base.linear.dimension + 1;
    expect(() => PolicySnapshot.parse({ ...base, linear: { ...base.linear, dimension: d } })).toThrow(
      `must hold ${d * d} numbers`,
    );
  });
});
