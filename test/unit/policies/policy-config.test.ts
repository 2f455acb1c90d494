import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolicyConfig, PolicyKind, TaskTypeConfig } from '../../../src/contract/task-type';
import { migrateStoredConfig } from '../../../src/policies';

const task = (policy: unknown) => ({
  baselineArmId: 'a',
  arms: [{ id: 'a', params: { model: 'm', temperature: 0.5, maxTokens: 100 } }],
  policy,
});

describe('policy settings: one schema per kind', () => {
  it.each([
    ['thompson-gaussian', 'alpha', 1],
    ['thompson-gaussian', 'gamma', 0.99],
    ['thompson-gaussian', 'lambda', 1],
    ['linucb', 'draws', 1000],
    ['linucb', 'v', 0.5],
    ['linucb', 'prior', { mu0: 0, kappa0: 1, alpha0: 1, beta0: 1 }],
    ['linear-thompson', 'alpha', 1],
  ])('refuses %s with %s, naming the field', (kind, field, value) => {
    const parsed = TaskTypeConfig.safeParse(task({ kind, [field]: value }));
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual(['policy']);
    expect(issues[0]!.message).toBe(`"${field}" does not apply to policy kind ${kind}`);
  });

  it('accepts each kind with its own fields and applies its defaults', () => {
    expect(PolicyConfig.parse({ kind: 'thompson-gaussian' })).toEqual({
      kind: 'thompson-gaussian',
      epsilon: 0.05,
      draws: 1000,
    });
    expect(PolicyConfig.parse({ kind: 'linucb', alpha: 2, lambda: 3, gamma: 0.9 })).toEqual({
      kind: 'linucb',
      epsilon: 0.05,
      alpha: 2,
      lambda: 3,
      gamma: 0.9,
    });
    expect(PolicyConfig.parse({ kind: 'linear-thompson', v: 0.3, draws: 50 })).toEqual({
      kind: 'linear-thompson',
      epsilon: 0.05,
      draws: 50,
      v: 0.3,
    });
  });

  it('names /policy/kind for a kind it does not know, and lists every kind', () => {
    const parsed = TaskTypeConfig.safeParse(task({ kind: 'epsilon-greedy' }));
    expect(parsed.error!.issues[0]!.path).toEqual(['policy', 'kind']);
    expect(PolicyKind.options).toEqual(['thompson-gaussian', 'linucb', 'linear-thompson']);
  });

  it('still checks each field of the kind (a negative alpha is out of range)', () => {
    const parsed = TaskTypeConfig.safeParse(task({ kind: 'linucb', alpha: -1 }));
    expect(parsed.error!.issues[0]!.path).toEqual(['policy', 'alpha']);
  });
});

describe('migrateStoredConfig', () => {
  // What the flat schema stored: its defaults applied to every kind (draws: 1000 for LinUCB too).
  it('drops the fields a stored config holds from before the per-kind schemas, keeping its own', () => {
    const base = TaskTypeConfig.parse(task({ kind: 'thompson-gaussian' }));
    const stored = [
      { kind: 'linucb', epsilon: 0.1, draws: 1000, alpha: 2, gamma: 0.95 },
      { kind: 'thompson-gaussian', epsilon: 0.05, draws: 500, alpha: 1, gamma: 0.9, lambda: 2 },
      { kind: 'linear-thompson', epsilon: 0.05, draws: 1000, alpha: 1, v: 0.4 },
    ].map((policy) => ({ ...base, policy }));
    const migrated = stored.map((raw) => TaskTypeConfig.parse(migrateStoredConfig(raw)).policy);
    expect(migrated).toEqual([
      { kind: 'linucb', epsilon: 0.1, alpha: 2, gamma: 0.95 },
      { kind: 'thompson-gaussian', epsilon: 0.05, draws: 500 },
      { kind: 'linear-thompson', epsilon: 0.05, draws: 1000, v: 0.4 },
    ]);
  });

  it('does not touch its input', () => {
    const raw = { ...task(null), policy: { kind: 'linucb', draws: 1000 } };
    migrateStoredConfig(raw);
    expect(raw.policy).toEqual({ kind: 'linucb', draws: 1000 });
  });

  it('leaves a config that parses today exactly as it is', () => {
    const policy = fc.oneof(
      fc.record(
        { kind: fc.constant('thompson-gaussian'), epsilon: fc.double({ min: 0, max: 1, noNaN: true }) },
        { requiredKeys: ['kind'] },
      ),
      fc.record(
        { kind: fc.constant('linucb'), alpha: fc.double({ min: 0, max: 10, noNaN: true }) },
        { requiredKeys: ['kind'] },
      ),
      fc.record(
        { kind: fc.constant('linear-thompson'), draws: fc.integer({ min: 10, max: 10_000 }) },
        { requiredKeys: ['kind'] },
      ),
    );
    fc.assert(
      fc.property(policy, (p) => {
        const config = TaskTypeConfig.parse(task(p));
        expect(migrateStoredConfig(config)).toEqual(config);
      }),
    );
  });

  it('leaves what it cannot read for the parse to report', () => {
    for (const raw of [null, 'text', [], { policy: 'x' }, { policy: { kind: 'epsilon-greedy', alpha: 1 } }])
      expect(migrateStoredConfig(raw)).toBe(raw);
  });
});
