import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outcomeStep } from '../../../src/optimizer/outcome-step';
import { countUnknownFeatures, recommendStep } from '../../../src/optimizer/recommend-step';
import { configOf, counterRandom, created, T0 } from './fixture';

// Issue 11, item 1: every name an id pattern admits is an ordinary key, Object.prototype's
// members included. The pure steps never read `record[name]` for such a name and find a
// function where a number or statistics belong.
// (`__proto__` and `__defineGetter__` & co. are refused by the patterns: a letter or digit first.)
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).filter((n) => /^[A-Za-z]/.test(n));
const idName = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,12}$/),
);

function configWith(armIds: string[], featureNames: string[]) {
  return configOf({
    baselineArmId: armIds[0],
    arms: armIds.map((id, i) => ({ id, params: { model: 'm', temperature: 0.5 + i * 0.1, maxTokens: 100 } })),
    features: featureNames.map((name, i) => ({ name, kind: i % 2 === 0 ? 'numeric' : 'bool' })),
    rollout: { phase: 'general' },
  });
}

describe('built-in names in the pure steps', () => {
  it('serve and learn under any admitted arm id and feature name, counting exactly the pulls and outcomes', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(idName, { minLength: 1, maxLength: 4 }),
        fc.uniqueArray(idName, { maxLength: 3 }),
        fc.dictionary(idName, fc.oneof(fc.double({ noNaN: true }), fc.boolean()), { maxKeys: 5 }),
        fc.integer({ min: 1, max: 6 }),
        (armIds, featureNames, context, n) => {
          let s = created(configWith(armIds, featureNames));
          const random = counterRandom();
          for (let i = 0; i < n; i++) {
            const rec = recommendStep(
              s,
              {
                request: { taskType: 'summarize', context },
                killSwitch: false,
                earlier: null,
                reservedTokens: 0,
              },
              T0 + i,
              random,
            );
            expect(armIds).toContain(rec.reply.armId);
            s = rec.next;
            const log = rec.effects.find((e) => e.kind === 'log-decision');
            if (log?.kind !== 'log-decision') throw new Error('no decision logged');
            const pending = {
              decisionId: rec.reply.decisionId,
              armId: rec.reply.armId,
              issuedAtMs: T0 + i,
              expiresAtMs: log.expiresAtMs,
              outcome: {},
              reward: null,
              encoded: log.encoded ? [...log.encoded] : null,
              served: rec.reply.served,
              configVersion: log.configVersion,
            };
            const out = outcomeStep(
              s,
              {
                outcome: { decisionId: rec.reply.decisionId, quality: 0.5, latencyMs: 10 },
                pending,
                reservedTokens: 0,
              },
              T0 + i,
            );
            s = out.next;
          }
          const arms = Object.values(s.policy.arms);
          for (const stats of arms) expect(typeof stats.pulls).toBe('number');
          expect(arms.reduce((sum, a) => sum + a.pulls, 0)).toBe(n);
          for (const count of Object.values(s.unknownFeatures)) expect(Number.isInteger(count)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('counts undeclared context keys named after Object.prototype from one', () => {
    expect(countUnknownFeatures({}, ['constructor', 'toString', 'constructor'])).toEqual({
      constructor: 2,
      toString: 1,
    });
  });
});
