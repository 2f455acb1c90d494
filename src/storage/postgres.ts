import { neonConfig, Pool, type PoolClient } from '@neondatabase/serverless';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import * as schema from '../../drizzle/schema';
import { raceDeadline } from '../common/race-deadline';

/**
 * How long closing a pool may take. Closing waits for each client's socket to end; a socket the
 * network already cut may never say so (the faults bench saw a flush hang here for good), and
 * there is nothing left to close on it anyway.
 */
const CLOSE_WITHIN_MS = 2000;

/** The bindings the Postgres adapter reads. */
export interface PostgresEnv {
  DATABASE_URL?: string;
  /** `host:port/v1` of a local WebSocket-to-TCP proxy; unset in production (Neon serves WebSockets itself) */
  NEON_WS_PROXY?: string;
}

export type Database = NeonDatabase<typeof schema>;

export function isPostgresConfigured(env: PostgresEnv): boolean {
  return Boolean(env.DATABASE_URL);
}

/**
 * Opens a pool for one unit of work (a request, an alarm): Workers may not keep
 * sockets across requests, so the caller ends it when done.
 */
export function openDatabase(env: PostgresEnv): { db: Database; close: () => Promise<void> } {
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not configured');
  if (env.NEON_WS_PROXY) {
    const proxy = env.NEON_WS_PROXY;
    // Neon's local-development pattern: plain ws:// to a proxy that pipes to the TCP server.
    neonConfig.wsProxy = (host, port) => `${proxy}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 1, connectionTimeoutMillis: 5000 });
  // An idle client's socket error must not become an unhandled rejection in the isolate.
  pool.on('error', () => {});
  // Nor a checked-out one's: a session cut mid-query fails that query, which its caller sees;
  // the client's own 'error' event would otherwise be thrown as uncaught.
  pool.on('connect', (client: PoolClient) => client.on('error', () => {}));
  const close = async () => {
    await raceDeadline(
      pool.end().catch(() => {}),
      CLOSE_WITHIN_MS,
    );
  };
  return { db: drizzle(pool, { schema }), close };
}
