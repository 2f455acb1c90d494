import type { z } from 'zod';
import { AuditList, AuditQuery, AuditVerification } from '../../../src/contract/audit';
import { verifyAuditChain } from '../../../src/storage/audit-chain-record';
import { type AuditEventRecord, listAuditEvents } from '../../../src/storage/audit-events';
import { compareTail, type TailVerdict } from '../../../src/storage/audit-tail';
import { isPostgresConfigured, openDatabase } from '../../../src/storage/postgres';
import type { Api } from '../../api';
import { access, apiRoute, json, problems } from '../../openapi/route-kit';
import { unknownTaskType } from '../../problem';
import { askKnownTaskType, optimizerOf } from '../../stubs';

const list = apiRoute('get /v1/task-types/{taskType}/audit', access('read'), {
  tag: 'rollout',
  summary: 'Rollout events, config changes, waivers and breaches',
  request: { query: AuditQuery },
  responses: { 200: json(AuditList, 'The events, newest first.'), ...problems(422) },
});

const verify = apiRoute('get /v1/task-types/{taskType}/audit/verify', access('read'), {
  tag: 'rollout',
  summary: 'Check the audit hash chain, in the Durable Object and in Postgres',
  responses: { 200: json(AuditVerification, 'Whether each copy of the chain is intact.') },
});

/**
 * `GET …/audit` (newest first, from the task type's object) and `GET …/audit/verify`: the
 * hash chain checked both as the object holds it and as Postgres holds it (where an
 * edited row would be).
 */
export function registerAudit(app: Api) {
  app.openapi(list, async (c) => {
    const { taskType } = c.req.valid('param');
    const { limit } = c.req.valid('query');
    const events = await askKnownTaskType(c.env, taskType, (optimizer) => optimizer.auditEvents(limit));
    // The object's records are the wire's audit entries (their `details` is free-form JSON).
    return c.json({ events } as z.infer<typeof AuditList>, 200);
  });

  app.openapi(verify, async (c) => {
    const { taskType } = c.req.valid('param');
    const optimizer = optimizerOf(c.env, taskType);
    if (isPostgresConfigured(c.env)) await optimizer.flushBefore(Date.now());
    // Read after the flush: Postgres must hold every event the object has written there.
    // (the RPC stub's type loses this reply's shape)
    const chain = (await optimizer.auditChain()) as { events: AuditEventRecord[]; flushed: number } | null;
    if (!chain) throw unknownTaskType(taskType);
    let postgres: Awaited<ReturnType<typeof verifyAuditChain>> | TailVerdict | { ok: null; problem: string };
    const durableObject = await verifyAuditChain(chain.events);
    if (!isPostgresConfigured(c.env)) {
      postgres = { ok: null, problem: 'Postgres is not configured' };
    } else {
      const { db, close } = openDatabase(c.env);
      try {
        const rows = await listAuditEvents(db, taskType);
        const links = await verifyAuditChain(rows);
        postgres = links.ok ? compareTail(rows, chain.events, chain.flushed) : links;
      } catch {
        postgres = { ok: null, problem: 'Postgres cannot be reached' };
      } finally {
        await close();
      }
    }
    return c.json({ taskType, ok: durableObject.ok && postgres.ok !== false, durableObject, postgres }, 200);
  });
}
