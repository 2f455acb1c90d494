// The faults bench's Postgres: a scratch database on the machine's server (DATABASE_URL, default
// the test database's server), and a trigger that refuses one decision row as data (a check
// violation, SQLSTATE 23514) — what the outbox sets aside rather than retrying for ever.
import pg from 'pg';

/** The request id whose decision row Postgres refuses while the trigger is installed. */
export const REFUSED_REQUEST_ID = 'faults-bench-refused-row';

/**
 * Creates `tuneloop_faults_<time>` next to the database of `serverUrl`.
 * @param {string} serverUrl
 * @returns {Promise<{ url: string, drop: () => Promise<void> }>}
 */
export async function createScratchDatabase(serverUrl) {
  const name = `tuneloop_faults_${Date.now().toString(36)}`;
  await withClient(serverUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`)),
  };
}

/** Installs the trigger: from now on the row of REFUSED_REQUEST_ID cannot be written. */
export function refuseOneRow(/** @type {string} */ url) {
  return withClient(url, (c) =>
    c.query(`
      create or replace function faults_bench_refuse() returns trigger language plpgsql as $$
      begin
        raise exception 'faults bench: this row is refused' using errcode = 'check_violation';
      end $$;
      create trigger faults_bench_refuse before insert or update on decisions
        for each row when (new.request_id = '${REFUSED_REQUEST_ID}') execute function faults_bench_refuse();`),
  );
}

/** Removes the cause: the row can be written again. */
export function acceptAllRows(/** @type {string} */ url) {
  return withClient(url, (c) => c.query('drop trigger if exists faults_bench_refuse on decisions'));
}

async function withClient(/** @type {string} */ url, /** @type {(c: pg.Client) => Promise<unknown>} */ work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
