import { DurableObject } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { apiKeys } from '../drizzle/schema';
import type { Env } from '../functions/env';
import type { Principal, Scope } from '../src/contract/api-key';
import { openDatabase } from '../src/storage/postgres';
import { retryDelayMs } from '../src/storage/retry-backoff';

interface KeyRow {
  id: string;
  name: string;
  scopes: string;
  key_hash: string;
  created_at_ms: number;
  revoked_at_ms: number | null;
  rate_limit_per_minute: number | null;
  [column: string]: SqlStorageValue;
}

/**
 * The source of truth for API keys (hashed; the key itself is never stored). Edge isolates
 * cache what it verifies for at most 60 s. Changes are mirrored to Postgres `api_keys` by
 * alarm, for reporting only: no request ever waits on that copy.
 */
export class KeyRegistry extends DurableObject<Env> {
  private failures = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`
      CREATE TABLE IF NOT EXISTS keys (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, scopes TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE,
        created_at_ms INTEGER NOT NULL, revoked_at_ms INTEGER, rate_limit_per_minute INTEGER,
        mirrored INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE IF NOT EXISTS previous_hashes (
        key_hash TEXT PRIMARY KEY, id TEXT NOT NULL, valid_until_ms INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS key_use (
        id TEXT PRIMARY KEY, last_used_at_ms INTEGER NOT NULL, writes INTEGER NOT NULL DEFAULT 1);
    `);
  }

  /** When a key was last verified (once per edge cache refresh, not per request); null if never. */
  async lastUsedAt(id: string): Promise<{ atMs: number; writes: number } | null> {
    const row = this.ctx.storage.sql
      .exec<{ last_used_at_ms: number; writes: number }>('SELECT * FROM key_use WHERE id = ?', id)
      .toArray()[0];
    return row ? { atMs: row.last_used_at_ms, writes: row.writes } : null;
  }

  async create(
    id: string,
    name: string,
    scopes: Scope[],
    keyHash: string,
    rateLimitPerMinute: number | null,
  ): Promise<void> {
    this.ctx.storage.sql.exec(
      'INSERT INTO keys (id, name, scopes, key_hash, created_at_ms, rate_limit_per_minute) VALUES (?, ?, ?, ?, ?, ?)',
      id,
      name,
      JSON.stringify(scopes),
      keyHash,
      Date.now(),
      rateLimitPerMinute,
    );
    await this.ctx.storage.setAlarm(Date.now());
  }

  /** false when no live key has this id */
  async revoke(id: string): Promise<boolean> {
    const cursor = this.ctx.storage.sql.exec(
      'UPDATE keys SET revoked_at_ms = ?, mirrored = 0 WHERE id = ? AND revoked_at_ms IS NULL',
      Date.now(),
      id,
    );
    if (cursor.rowsWritten === 0) return false;
    await this.ctx.storage.setAlarm(Date.now());
    return true;
  }

  /**
   * Gives a live key a new secret; the previous one keeps working until `validUntilMs`.
   * false when no live key has this id.
   */
  async rotate(id: string, newKeyHash: string, validUntilMs: number): Promise<boolean> {
    const sql = this.ctx.storage.sql;
    const row = sql
      .exec<KeyRow>('SELECT * FROM keys WHERE id = ? AND revoked_at_ms IS NULL', id)
      .toArray()[0];
    if (!row) return false;
    sql.exec('DELETE FROM previous_hashes WHERE valid_until_ms <= ?', Date.now());
    sql.exec(
      'INSERT OR REPLACE INTO previous_hashes (key_hash, id, valid_until_ms) VALUES (?, ?, ?)',
      row.key_hash,
      id,
      validUntilMs,
    );
    sql.exec('UPDATE keys SET key_hash = ?, mirrored = 0 WHERE id = ?', newKeyHash, id);
    await this.ctx.storage.setAlarm(Date.now());
    return true;
  }

  /** Live keys, oldest first, without their hashes. */
  async list(): Promise<KeyListing[]> {
    const sql = this.ctx.storage.sql;
    const previous = new Map(
      sql
        .exec<{ id: string; until: number }>(
          'SELECT id, MAX(valid_until_ms) AS until FROM previous_hashes WHERE valid_until_ms > ? GROUP BY id',
          Date.now(),
        )
        .toArray()
        .map((r) => [r.id, r.until]),
    );
    return sql
      .exec<KeyRow>('SELECT * FROM keys WHERE revoked_at_ms IS NULL ORDER BY created_at_ms, id')
      .toArray()
      .map((r) => keyListingOf(r, previous.get(r.id) ?? null));
  }

  async verify(keyHash: string): Promise<Principal | null> {
    const row = this.liveKeyOf(keyHash);
    if (!row) return null;
    // Edge isolates ask here once per cache refresh: that is when a key's use is written.
    this.ctx.storage.sql.exec(
      `INSERT INTO key_use (id, last_used_at_ms) VALUES (?, ?)
       ON CONFLICT (id) DO UPDATE SET last_used_at_ms = excluded.last_used_at_ms, writes = writes + 1`,
      row.id,
      Date.now(),
    );
    const principal: Principal = { keyId: row.id, name: row.name, scopes: JSON.parse(row.scopes) };
    if (row.rate_limit_per_minute !== null) principal.rateLimitPerMinute = row.rate_limit_per_minute;
    return principal;
  }

  /** The live key whose current secret, or previous secret within its grace, has this hash. */
  private liveKeyOf(keyHash: string): KeyRow | undefined {
    const sql = this.ctx.storage.sql;
    const current = sql
      .exec<KeyRow>('SELECT * FROM keys WHERE key_hash = ? AND revoked_at_ms IS NULL', keyHash)
      .toArray()[0];
    if (current) return current;
    return sql
      .exec<KeyRow>(
        `SELECT keys.* FROM previous_hashes p JOIN keys ON keys.id = p.id
         WHERE p.key_hash = ? AND p.valid_until_ms > ? AND keys.revoked_at_ms IS NULL`,
        keyHash,
        Date.now(),
      )
      .toArray()[0];
  }

  override async alarm(): Promise<void> {
    const rows = this.ctx.storage.sql.exec<KeyRow>('SELECT * FROM keys WHERE mirrored = 0').toArray();
    if (rows.length === 0 || !this.env.DATABASE_URL) return;
    const { db, close } = openDatabase(this.env);
    try {
      await db
        .insert(apiKeys)
        .values(rows.map(apiKeyRowOf))
        .onConflictDoUpdate({
          target: apiKeys.id,
          set: { revokedAt: sql`excluded.revoked_at`, keyHash: sql`excluded.key_hash` },
        });
      this.markMirrored(rows);
      this.failures = 0;
    } catch {
      this.failures += 1;
      await this.ctx.storage.setAlarm(Date.now() + retryDelayMs(this.failures, Math.random()));
    } finally {
      await close();
    }
  }

  /** Only the version that was sent: a revocation made meanwhile is mirrored by the next alarm. */
  private markMirrored(rows: readonly KeyRow[]): void {
    for (const r of rows) {
      const sql = 'UPDATE keys SET mirrored = 1 WHERE id = ? AND revoked_at_ms IS ?';
      this.ctx.storage.sql.exec(sql, r.id, r.revoked_at_ms);
    }
  }
}

/** A key as `GET /v1/api-keys` shows it (API.md second release): never its secret or hash. */
export interface KeyListing {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string | null;
  rateLimitPerMinute?: number;
  previousValidUntil?: string;
}

function keyListingOf(r: KeyRow, previousUntilMs: number | null): KeyListing {
  // `last_used_at_ms` is written where keys are verified (if that column exists yet).
  const lastUsed = typeof r.last_used_at_ms === 'number' ? r.last_used_at_ms : null;
  const listing: KeyListing = {
    id: r.id,
    name: r.name,
    scopes: JSON.parse(r.scopes),
    createdAt: new Date(r.created_at_ms).toISOString(),
    lastUsedAt: lastUsed === null ? null : new Date(lastUsed).toISOString(),
  };
  if (r.rate_limit_per_minute !== null) listing.rateLimitPerMinute = r.rate_limit_per_minute;
  if (previousUntilMs !== null) listing.previousValidUntil = new Date(previousUntilMs).toISOString();
  return listing;
}

/** A key as Postgres mirrors it (`api_keys`). */
function apiKeyRowOf(r: KeyRow) {
  return {
    id: r.id,
    name: r.name,
    scopes: JSON.parse(r.scopes),
    keyHash: r.key_hash,
    createdAt: new Date(r.created_at_ms),
    revokedAt: r.revoked_at_ms === null ? null : new Date(r.revoked_at_ms),
  };
}
