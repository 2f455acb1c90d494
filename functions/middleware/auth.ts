import { createMiddleware } from 'hono/factory';
import type { Principal, Scope } from '../../src/contract/api-key';
import type { AppEnv } from '../app-env';
import type { Env } from '../env';
import { ApiError } from '../problem';

/** How long an isolate trusts a verified key: a revocation bites within this (API.md: 60 s). */
export const KEY_CACHE_MS = 60_000;

/** KEY_CACHE_MS, or shorter when the KEY_CACHE_MS binding says so (tests); never longer. */
function keyCacheMs(env: Env): number {
  const configured = Number(env.KEY_CACHE_MS);
  return Number.isFinite(configured) && configured >= 0 ? Math.min(configured, KEY_CACHE_MS) : KEY_CACHE_MS;
}

const cache = new Map<string, { principal: Principal; expiresAtMs: number }>();
const ADMIN: Principal = { keyId: 'admin', name: 'TUNELOOP_ADMIN_KEY', scopes: ['ops'] };

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** `ops` may do everything; `read` covers GETs; `agent` covers recommend and outcomes. */
function allows(principal: Principal, scope: Scope): boolean {
  return principal.scopes.includes('ops') || principal.scopes.includes(scope);
}

/** The principal a bearer key stands for, from the isolate cache or the key registry. */
async function verify(env: Env, key: string): Promise<Principal | null> {
  const hash = await sha256Hex(key);
  if (env.TUNELOOP_ADMIN_KEY && hash === (await sha256Hex(env.TUNELOOP_ADMIN_KEY))) return ADMIN;
  const nowMs = Date.now();
  const cached = cache.get(hash);
  if (cached && cached.expiresAtMs > nowMs) return cached.principal;
  const principal = await env.KEY_REGISTRY.getByName('global').verify(hash);
  if (principal) cache.set(hash, { principal, expiresAtMs: nowMs + keyCacheMs(env) });
  else cache.delete(hash);
  return principal;
}

/** Requires a bearer key with `scope`: 401 without a known key, 403 with the wrong scope. */
export function requireScope(scope: Scope) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw new ApiError('unauthorized', 'Send an API key: Authorization: Bearer <key>.', undefined, {
        'www-authenticate': 'Bearer',
      });
    const principal = await verify(c.env, match[1]!);
    if (!principal)
      throw new ApiError('unauthorized', 'Unknown or revoked API key.', undefined, {
        'www-authenticate': 'Bearer',
      });
    if (!allows(principal, scope)) throw new ApiError('forbidden', `This key lacks the '${scope}' scope.`);
    c.set('principal', principal);
    await next();
  });
}
