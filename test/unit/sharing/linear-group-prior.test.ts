import { describe, expect, it } from 'vitest';
import {
  dataPartOf,
  type LinearDataPart,
  sumDataParts,
  withDataPart,
} from '../../../src/policies/linear-data-part';
import { initLinearState, updateLinearState } from '../../../src/policies/linear-state';
import { sharedArmKey } from '../../../src/sharing/group-prior';
import {
  leaveOneOutLinearPool,
  linearGroupPrior,
  type MemberLinearStats,
} from '../../../src/sharing/linear-group-prior';

const alt = sharedArmKey('alt', { model: 'm', temperature: 0.9 });
const SAME = 'features-a';
const OTHER = 'features-b';

// Hand-made data parts on d = 2: Σxxᵀ row-major, Σr·x, n.
const part = (xx: number[], xr: number[], n: number): LinearDataPart => ({ xx, xr, n });
function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  for (const [i, v] of expected.entries()) expect(actual[i]).toBeCloseTo(v, 12);
}

const members: MemberLinearStats[] = [
  { taskType: 'anatomy', shape: SAME, arms: { [alt]: part([2, 1, 1, 1], [2, 1], 2) } },
  { taskType: 'astronomy', shape: SAME, arms: { [alt]: part([3, 0, 0, 1], [3, 0], 3) } },
  { taskType: 'virology', shape: SAME, arms: { [alt]: part([1, 1, 1, 4], [0, 2], 5) } },
  // Other features: its coordinates mean something else, so it never pools with the rest.
  { taskType: 'legal', shape: OTHER, arms: { [alt]: part([100, 0, 0, 100], [50, 50], 100) } },
];

describe('leaveOneOutLinearPool', () => {
  it("sums the other members' Σxxᵀ, Σr·x and n for the key, never the member's own", () => {
    // others of anatomy: astronomy + virology
    expect(leaveOneOutLinearPool(members, 'anatomy', SAME, alt)).toEqual(part([4, 1, 1, 5], [3, 2], 8));
    // others of virology: anatomy + astronomy
    expect(leaveOneOutLinearPool(members, 'virology', SAME, alt)).toEqual(part([5, 1, 1, 2], [5, 1], 5));
  });

  it('ignores members with other features, arms with another key, and is null for a group of one', () => {
    expect(leaveOneOutLinearPool(members, 'newcomer', OTHER, alt)).toEqual(
      part([100, 0, 0, 100], [50, 50], 100),
    );
    expect(leaveOneOutLinearPool(members, 'legal', OTHER, alt)).toBeNull();
    const other = sharedArmKey('alt', { model: 'm', temperature: 0.5 });
    expect(leaveOneOutLinearPool(members, 'anatomy', SAME, other)).toBeNull();
  });
});

describe('linearGroupPrior', () => {
  it('is the whole pool while it holds at most priorWeight outcomes', () => {
    expect(linearGroupPrior(members, 'anatomy', SAME, alt, 8)).toEqual(part([4, 1, 1, 5], [3, 2], 8));
    expect(linearGroupPrior(members, 'newcomer', SAME, alt, 200)).toEqual(part([6, 2, 2, 6], [5, 3], 10));
  });

  it('scales a larger pool by priorWeight / n: worth exactly priorWeight pseudo-outcomes, same θ̂', () => {
    // newcomer's pool: n 10; cap 4 → factor 0.4
    const prior = linearGroupPrior(members, 'newcomer', SAME, alt, 4)!;
    expect(prior.n).toBeCloseTo(4, 12);
    expectClose(prior.xx, [2.4, 0.8, 0.8, 2.4]);
    expectClose(prior.xr, [2, 1.2]);
  });

  it('is null with priorWeight 0 or no pool', () => {
    expect(linearGroupPrior(members, 'newcomer', SAME, alt, 0)).toBeNull();
    expect(linearGroupPrior([], 'newcomer', SAME, alt, 20)).toBeNull();
  });
});

describe('linear data parts', () => {
  const options = { gamma: 1, rebuildEvery: 1000 };
  const learn = (lambda: number, rows: [number[], number][]) =>
    rows.reduce(
      (s, [x, r]) => updateLinearState(s, 0, Float64Array.from(x), r, options),
      initLinearState(1, 2, lambda),
    );
  const mine: [number[], number][] = [
    [[1, 0], 1],
    [[1, 1], 0.5],
  ];
  const theirs: [number[], number][] = [
    [[1, 2], 0],
    [[0, 1], 1],
    [[1, 1], 1],
  ];

  it('are A − λI and b: the data without the ridge', () => {
    const state = learn(2, mine);
    // Σxxᵀ = [1,0;0,0] + [1,1;1,1]; Σr·x = (1,0) + 0.5·(1,1)
    expect(dataPartOf(state.arms[0]!, 2, 2)).toEqual(part([2, 1, 1, 1], [1.5, 0.5], 2));
  });

  it("added to a member's own model, give the model that learned both data sets under the member's own λ", () => {
    // The other member regularised with λ 5: only its data part travels, so λ 5 never reaches this model.
    const other = dataPartOf(learn(5, theirs).arms[0]!, 5, 2);
    const served = withDataPart(learn(1, mine).arms[0]!, other, 2);
    const both = learn(1, [...mine, ...theirs]).arms[0]!;
    expectClose(served.a, both.a);
    expectClose(served.b, both.b);
    expectClose(served.aInverse, both.aInverse);
    expect(served.n).toBe(5);
  });

  it('refuse to add parts of another dimension', () => {
    expect(() => sumDataParts([part([1], [1], 1), part([1, 0, 0, 1], [1, 1], 1)])).toThrow(RangeError);
    expect(() => withDataPart(learn(1, mine).arms[0]!, part([1], [1], 1), 2)).toThrow(RangeError);
  });
});
