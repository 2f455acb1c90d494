import { z } from 'zod';

export const Scope = z.enum(['agent', 'ops', 'read']);
export type Scope = z.infer<typeof Scope>;

export const CreateApiKeyRequest = z.strictObject({
  name: z.string().min(1).max(100),
  scopes: z.array(Scope).min(1).max(3),
  /** this key's own rate limit; default RATE_LIMIT_PER_MINUTE */
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000).optional(),
});

export const CreateApiKeyResponse = z.object({
  id: z.string(),
  /** shown once; only its hash is kept */
  key: z.string(),
  name: z.string(),
  scopes: z.array(Scope),
});

/** A verified key as the edge sees it. */
export interface Principal {
  keyId: string;
  name: string;
  scopes: Scope[];
  rateLimitPerMinute?: number;
}
