import { describe, expect, it } from 'vitest';
import { TaskTypeConfig } from '../../../src/contract/task-type';
import { CONTEXT_FREE_SHAPE, groupShape, groupViolations } from '../../../src/sharing/group-violations';

const group = { name: 'mmlu', priorWeight: 20 };
const configOf = (kind: string, features: { name: string; kind: string }[]) =>
  TaskTypeConfig.parse({
    baselineArmId: 'base',
    arms: [{ id: 'base', params: { model: 'm', temperature: 0.7, maxTokens: 100 } }],
    policy: { kind },
    features,
    group,
  });
const tier = [{ name: 'riskTier', kind: 'numeric' }];
const topic = [{ name: 'topic', kind: 'category' }];

describe('groupShape', () => {
  it('is one shape for every context-free config, whatever its features; a linear config is its features', () => {
    expect(groupShape(configOf('thompson-gaussian', tier))).toBe(CONTEXT_FREE_SHAPE);
    expect(groupShape(configOf('thompson-gaussian', []))).toBe(CONTEXT_FREE_SHAPE);
    expect(groupShape(configOf('linucb', tier))).toBe(groupShape(configOf('linear-thompson', tier)));
    expect(groupShape(configOf('linucb', tier))).not.toBe(groupShape(configOf('linucb', topic)));
  });
});

describe('groupViolations', () => {
  const linearMember = { taskType: 'anatomy', shape: groupShape(configOf('linucb', tier)) };
  const contextFreeMember = { taskType: 'virology', shape: CONTEXT_FREE_SHAPE };

  it('lets a linear config join members with identical features (either linear kind)', () => {
    expect(groupViolations(configOf('linear-thompson', tier), 'astronomy', [linearMember])).toEqual([]);
  });

  it('refuses a linear config whose features differ from a member’s, on /features', () => {
    const violations = groupViolations(configOf('linucb', topic), 'astronomy', [linearMember]);
    expect(violations).toHaveLength(1);
    expect(violations[0]!.path).toBe('/features');
    expect(violations[0]!.message).toContain("'anatomy'");
  });

  it('refuses mixing policy families either way, on /group', () => {
    const linearJoining = groupViolations(configOf('linucb', tier), 'astronomy', [contextFreeMember]);
    expect(linearJoining.map((v) => v.path)).toEqual(['/group']);
    expect(linearJoining[0]!.message).toContain('context-free members');
    const contextFreeJoining = groupViolations(configOf('thompson-gaussian', []), 'astronomy', [
      linearMember,
    ]);
    expect(contextFreeJoining.map((v) => v.path)).toEqual(['/group']);
    expect(contextFreeJoining[0]!.message).toContain('linear members');
  });

  it('does not hold the task type’s own earlier membership against its new config', () => {
    expect(groupViolations(configOf('linucb', topic), 'anatomy', [linearMember])).toEqual([]);
  });
});
