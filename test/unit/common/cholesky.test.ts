import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choleskyLower, choleskySolve } from '../../../src/common/cholesky';

/** A random symmetric positive-definite d×d matrix: BᵀB + I. */
const spd = (d: number) =>
  fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d * d, maxLength: d * d }).map((b) => {
    const m = new Array<number>(d * d).fill(0);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        for (let k = 0; k < d; k++) m[i * d + j]! += b[k * d + i]! * b[k * d + j]!;
        if (i === j) m[i * d + j]! += 1;
      }
    return m;
  });

describe('Cholesky', () => {
  it('factors the textbook matrix into its known factor', () => {
    // [[4, 12, −16], [12, 37, −43], [−16, −43, 98]] = LLᵀ with L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]].
    const l = choleskyLower([4, 12, -16, 12, 37, -43, -16, -43, 98], 3);
    expect(Array.from(l!)).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });

  it('reconstructs M = LLᵀ and solves Mx = b for any SPD matrix', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((d) =>
            fc.tuple(
              fc.constant(d),
              spd(d),
              fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: d, maxLength: d }),
            ),
          ),
        ([d, m, b]) => {
          const l = choleskyLower(m, d)!;
          for (let i = 0; i < d; i++)
            for (let j = 0; j < d; j++) {
              let s = 0;
              for (let k = 0; k < d; k++) s += l[i * d + k]! * l[j * d + k]!;
              expect(s).toBeCloseTo(m[i * d + j]!, 8);
            }
          const x = choleskySolve(l, b, d);
          for (let i = 0; i < d; i++) {
            let s = 0;
            for (let j = 0; j < d; j++) s += m[i * d + j]! * x[j]!;
            expect(s).toBeCloseTo(b[i]!, 8);
          }
        },
      ),
    );
  });

  it('answers null for a matrix that is not positive definite, within its tolerance', () => {
    expect(choleskyLower([1, 2, 2, 1], 2)).toBeNull();
    expect(choleskyLower([0], 1)).toBeNull();
    expect(choleskyLower([1e-13], 1)).not.toBeNull();
    expect(choleskyLower([1e-13], 1, 1e-12)).toBeNull();
  });
});
