import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Principal, Scope } from '../../src/contract/api-key';
import type { AppEnv } from '../app-env';
import type { Env } from '../env';
import { ApiError } from '../problem';
import { authBlockedUntil, clientAddress, isKnownUnknown, recordAuthFailure } from './auth-failures';
import { enforceKeyRateLimit } from './rate-limit';

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

/** A principal known without asking anyone: the admin key, or a key verified within the cache time. */
async function knownPrincipal(env: Env, hash: string, nowMs: number): Promise<Principal | null> {
  if (env.TUNELOOP_ADMIN_KEY && hash === (await sha256Hex(env.TUNELOOP_ADMIN_KEY))) return ADMIN;
  const cached = cache.get(hash);
  return cached && cached.expiresAtMs > nowMs ? cached.principal : null;
}

/**
 * Asks the key registry, once per cache refresh (so that is where `lastUsedAt` is written);
 * a key it did not know is not asked about again for NEGATIVE_CACHE_MS.
 */
async function askRegistry(env: Env, hash: string, nowMs: number): Promise<Principal | null> {
  if (isKnownUnknown(hash, nowMs)) return null;
  const principal = await env.KEY_REGISTRY.getByName('global').verify(hash);
  if (principal) cache.set(hash, { principal, expiresAtMs: nowMs + keyCacheMs(env) });
  else cache.delete(hash);
  return principal;
}

function unauthorized(detail: string): ApiError {
  return new ApiError('unauthorized', detail, undefined, { 'www-authenticate': 'Bearer' });
}

/**
 * 401 (counted against the client address) unless a known key is sent. An address that has
 * failed too often gets 429 before the key registry is asked; keys already verified in this
 * isolate still pass, so a noisy neighbour behind the same address does not lock them out.
 */
async function authenticate(c: Context<AppEnv>): Promise<Principal> {
  const nowMs = Date.now();
  const address = clientAddress(c.req.raw.headers);
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  const hash = match ? await sha256Hex(match[1]!) : null;
  const known = hash === null ? null : await knownPrincipal(c.env, hash, nowMs);
  if (known) return known;
  const blockedUntil = address === null ? null : authBlockedUntil(address, nowMs);
  if (blockedUntil !== null) {
    throw new ApiError('rate_limited', 'Too many failed authentications from this address.', undefined, {
      'retry-after': String(Math.max(1, Math.ceil((blockedUntil - nowMs) / 1000))),
    });
  }
  const principal = hash === null ? null : await askRegistry(c.env, hash, nowMs);
  if (principal) return principal;
  recordAuthFailure(address, hash, nowMs);
  throw unauthorized(
    hash === null ? 'Send an API key: Authorization: Bearer <key>.' : 'Unknown or revoked API key.',
  );
}

/**
 * The principal of the request's key when it sends one (401/429 for a bad one, as on any
 * keyed route), null when it sends none: for routes that say more to some keys (/health).
 */
export async function optionalPrincipal(c: Context<AppEnv>): Promise<Principal | null> {
  if (c.req.header('authorization') === undefined) return null;
  return authenticate(c);
}

/** Whether `principal` may act with `scope` (ops may do everything). */
export function mayUse(principal: Principal | null, scope: Scope): boolean {
  return principal !== null && allows(principal, scope);
}

/**
 * Requires a bearer key with `scope`: 401 without a known key, 403 with the wrong scope, and
 * then the key's rate limit (every keyed route is limited per key, API.md "Operations").
 */
export function requireScope(scope: Scope) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = await authenticate(c);
    if (!allows(principal, scope)) throw new ApiError('forbidden', `This key lacks the '${scope}' scope.`);
    c.set('principal', principal);
    await enforceKeyRateLimit(c, next);
  });
}
