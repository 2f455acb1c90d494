import { z } from 'zod';

export const Scope = z.enum(['agent', 'ops', 'read']);
export type Scope = z.infer<typeof Scope>;

export const CreateApiKeyRequest = z
  .strictObject({
    name: z.string().min(1).max(100),
    scopes: z.array(Scope).min(1).max(3),
    /** this key's own rate limit; default RATE_LIMIT_PER_MINUTE */
    rateLimitPerMinute: z.number().int().min(1).max(1_000_000).optional(),
  })
  .meta({ id: 'CreateApiKeyRequest' });

export const CreateApiKeyResponse = z
  .object({
    id: z.string(),
    /** shown once; only its hash is kept */
    key: z.string(),
    name: z.string(),
    scopes: z.array(Scope),
    rateLimitPerMinute: z.number().int().optional(),
  })
  .meta({ id: 'CreateApiKeyResponse' });

/** The `{id}` path parameter of a key. */
export const ApiKeyPath = z.object({ id: z.string().describe('The API key id (`key_…`)') });

/** `DELETE /v1/api-keys/{id}`: revoked; isolates that cached the key drop it within `effectiveWithinMs`. */
export const RevokeApiKeyResponse = z.object({
  id: z.string(),
  revoked: z.literal(true),
  effectiveWithinMs: z.number().int(),
});

/** A verified key as the edge sees it. */
export interface Principal {
  keyId: string;
  name: string;
  scopes: Scope[];
  rateLimitPerMinute?: number;
}

/** One key as `GET /v1/api-keys` lists it: never the key itself nor its hash. */
export const ApiKeySummary = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(Scope),
    createdAt: z.string(),
    /** may lag by the key cache's minute; null before first use */
    lastUsedAt: z.string().nullable(),
    rateLimitPerMinute: z.number().int().optional(),
    /** until when a rotated key's previous secret still works, when it does */
    previousValidUntil: z.string().optional(),
  })
  .meta({ id: 'ApiKeySummary' });

export const ApiKeyList = z.object({ keys: z.array(ApiKeySummary) }).meta({ id: 'ApiKeyList' });

/** The longest grace a rotation may give the previous secret: one week. */
export const MAX_GRACE_SECONDS = 7 * 24 * 3600;

export const RotateApiKeyRequest = z
  .strictObject({
    /** how long the previous secret keeps working; default 600 */
    graceSeconds: z.number().int().min(0).max(MAX_GRACE_SECONDS).optional(),
  })
  .meta({ id: 'RotateApiKeyRequest' });

/** Same id, a new secret (shown once, like a new key's), and until when the previous one still works. */
export const RotateApiKeyResponse = CreateApiKeyResponse.pick({ id: true, key: true })
  .extend({ previousValidUntil: z.string() })
  .meta({ id: 'RotateApiKeyResponse' });
