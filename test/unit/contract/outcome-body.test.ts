import { describe, expect, it } from 'vitest';
import { Outcome, OutcomeBody } from '../../../src/contract/outcome';
import { Problem } from '../../../src/contract/problem';

const one = { decisionId: 'd1', quality: 0.8 };

describe('the outcome body', () => {
  it('takes one outcome or an array of them', () => {
    expect(OutcomeBody.safeParse(one).success).toBe(true);
    expect(OutcomeBody.safeParse([one, { decisionId: 'd2', success: false, error: 'timeout' }]).success).toBe(
      true,
    );
  });

  it('refuses an empty batch and one over 1000', () => {
    expect(OutcomeBody.safeParse([]).success).toBe(false);
    expect(OutcomeBody.safeParse(Array.from({ length: 1001 }, () => one)).success).toBe(false);
    expect(OutcomeBody.safeParse(Array.from({ length: 1000 }, () => one)).success).toBe(true);
  });

  it('refuses an outcome that carries nothing besides its decision id', () => {
    const result = Outcome.safeParse({ decisionId: 'd1' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/at least one outcome field/);
  });

  it('refuses quality outside [0, 1] and fractional token counts, naming the field', () => {
    for (const [body, field] of [
      [{ decisionId: 'd1', quality: 1.01 }, 'quality'],
      [{ decisionId: 'd1', promptTokens: 1.5 }, 'promptTokens'],
      [{ decisionId: 'd1', latencyMs: -1 }, 'latencyMs'],
    ] as const) {
      const result = Outcome.safeParse(body);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual([field]);
    }
  });
});

describe('problem+json', () => {
  it('keeps extension members next to the RFC 9457 ones', () => {
    const body = {
      type: 'about:blank',
      title: 'T',
      status: 409,
      detail: 'd',
      requestId: 'r',
      phase: 'canary',
    };
    expect(Problem.parse(body)).toEqual(body);
  });

  it('requires a request id, so every error can be quoted', () => {
    expect(Problem.safeParse({ type: 'about:blank', title: 'T', status: 500, detail: 'd' }).success).toBe(
      false,
    );
  });
});
