import type { RecommendResponse } from '../../src/contract/recommend';

/**
 * A decision as `POST /v1/recommend` answers it: the policy served on the general phase. Tests
 * override the fields they look at; the rest only has to be a valid reply.
 */
export function recommendResponse(overrides: Partial<RecommendResponse> = {}): RecommendResponse {
  return {
    decisionId: 'd-1',
    taskType: 'support-reply',
    armId: 'base',
    params: { model: 'm', temperature: 0.7, maxTokens: 100, topP: 1 },
    propensity: 1,
    policyPropensity: 1,
    share: 1,
    served: 'policy',
    phase: 'general',
    policyVersion: '1.0',
    policyInfo: { kind: 'thompson-gaussian', draws: 1000, epsilon: 0.05 },
    budget: { state: 'ok' },
    ...overrides,
  };
}
