import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertSignature } from '../../../src/storage/alert-signature';

describe('alertSignature', () => {
  it('is t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")> as node:crypto computes it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.string(),
        fc.integer({ min: 0, max: 2 ** 31 }),
        async (secret, body, t) => {
          const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
          expect(await alertSignature(secret, body, t)).toBe(`t=${t},v1=${expected}`);
        },
      ),
      { numRuns: 50 },
    );
  });
});
