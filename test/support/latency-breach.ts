/**
 * The outcomes of the latency-breach scenario both the workers and the e2e rollout tests play:
 * the control cohort answers in 200–249 ms, the treated one 8× slower, quality and success alike,
 * so only the latency rule can see the difference.
 */
export const controlOutcome = (decisionId: string, i: number) => ({
  decisionId,
  latencyMs: 200 + (i % 50),
  quality: 0.8,
  success: true,
});

export const slowTreatedOutcome = (decisionId: string, i: number) => ({
  ...controlOutcome(decisionId, i),
  latencyMs: 8 * (200 + (i % 50)),
});
