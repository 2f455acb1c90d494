import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/common/seeded-rng';
import { encodeContext } from '../../../src/features/encode';
import { groupPoolStep, groupReport } from '../../../src/optimizer/group-step';
import { learnReward } from '../../../src/optimizer/learn';
import { requestPolicy } from '../../../src/optimizer/policy-decision';
import type { PolicyState } from '../../../src/optimizer/policy-state';
import type { TaskTypeState } from '../../../src/optimizer/task-type-state';
import { type GroupMemberReport, sharedArmKey } from '../../../src/sharing';
import { configOf, created, pendingDecision } from './fixture';

const group = { name: 'mmlu', priorWeight: 200 };
const hard = [{ name: 'hard', kind: 'numeric' }];
const linearMember = (features = hard) => created(configOf({ policy: { kind: 'linucb' }, features, group }));

/** A member that learned: on hard questions 'warm' is right and 'base' wrong, on easy ones the reverse. */
function veteran(taskType: string): GroupMemberReport {
  let policy: PolicyState = { ...linearMember().policy, taskType };
  for (let i = 0; i < 20; i++) {
    const h = i % 2;
    const encoded = Array.from(encodeContext(policy.config.features, { hard: h }).x);
    for (const armId of ['base', 'warm']) {
      const right = (armId === 'warm') === (h === 1);
      policy = learnReward(policy, pendingDecision({ armId, encoded }), right ? 1 : 0);
    }
  }
  return { taskType, ...groupReport(policy) };
}

const warmShare = (s: TaskTypeState, h: number) => {
  const decision = requestPolicy(s.policy, null, { hard: h }).decide(seededRng('share'));
  return decision.probabilities[1]!;
};

describe('a linear member of a group', () => {
  const members = [veteran('anatomy'), veteran('astronomy')];

  it("reports its model's data part per shared arm key, and the shape it pools with", () => {
    const [report] = members;
    const warm = sharedArmKey('warm', configOf().arms[1]!.params);
    expect(report!.linear![warm]!.n).toBe(20);
    // Σxxᵀ over x = (1, h, 0) (intercept, hard, its missing flag): 20 intercepts, 10 hard ones;
    // the ridge λI is not in it.
    expect(report!.linear![warm]!.xx).toEqual([20, 10, 0, 10, 10, 0, 0, 0, 0]);
    expect(report!.linear![warm]!.xr).toEqual([10, 10, 0]);
  });

  it("starts from the others' pool: a new revision that serves the context's better arm, its own model untouched", () => {
    const newcomer = linearMember();
    // Fresh LinUCB ties every arm.
    expect(warmShare(newcomer, 1)).toBe(0.5);
    const step = groupPoolStep(newcomer, members);
    expect(step.reply).toBe(true);
    expect(step.next.policy.revision).toBe(newcomer.policy.revision + 1);
    expect(step.next.policy.linear).toBe(newcomer.policy.linear);
    expect(warmShare(step.next, 1)).toBe(1);
    expect(warmShare(step.next, 0)).toBe(0);
    // The same pool again is the same posterior: no new revision.
    expect(groupPoolStep(step.next, members).reply).toBe(false);
  });

  it('leaves members with other features, or of the context-free family, out of its pool', () => {
    const newcomer = linearMember([{ name: 'long', kind: 'numeric' }]);
    const contextFree = { ...members[0]!, taskType: 'virology', shape: groupShapeOfContextFree() };
    const step = groupPoolStep(newcomer, [...members, contextFree]);
    expect(step.reply).toBe(false);
    expect(warmShare(step.next, 1)).toBe(0.5);
  });
});

function groupShapeOfContextFree(): string {
  return groupReport(created(configOf({ group })).policy).shape;
}
