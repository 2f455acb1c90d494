import type { Hono } from 'hono';
import { z } from 'zod';
import { verifyAuditChain } from '../../../durable-objects/audit-log';
import { listAuditEvents } from '../../../src/storage/audit-events';
import { isPostgresConfigured, openDatabase } from '../../../src/storage/postgres';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../middleware/auth';
import { optimizerOf } from '../../stubs';
import { parseWith } from '../../validation';
import { taskTypeParam, unknownTaskType } from '../task-types/schema';

const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/**
 * `GET …/audit` (newest first, from the task type's object) and `GET …/audit/verify`: the
 * hash chain checked both as the object holds it and as Postgres holds it (where an
 * edited row would be).
 */
export function registerAudit(app: Hono<AppEnv>) {
  app.get('/v1/task-types/:taskType/audit', requireScope('read'), async (c) => {
    const taskType = taskTypeParam(c.req.param('taskType'));
    const { limit } = parseWith(AuditQuery, c.req.query(), 'query');
    const events = await optimizerOf(c.env, taskType).auditEvents(limit);
    if (!events) throw unknownTaskType(taskType);
    return c.json({ events });
  });

  app.get('/v1/task-types/:taskType/audit/verify', requireScope('read'), async (c) => {
    const taskType = taskTypeParam(c.req.param('taskType'));
    const optimizer = optimizerOf(c.env, taskType);
    const chain = await optimizer.auditChain();
    if (!chain) throw unknownTaskType(taskType);
    const durableObject = await verifyAuditChain(chain);
    let postgres: Awaited<ReturnType<typeof verifyAuditChain>> | { ok: null; problem: string };
    if (!isPostgresConfigured(c.env)) {
      postgres = { ok: null, problem: 'Postgres is not configured' };
    } else {
      await optimizer.flushBefore(Date.now());
      const { db, close } = openDatabase(c.env);
      try {
        postgres = await verifyAuditChain(await listAuditEvents(db, taskType));
      } catch {
        postgres = { ok: null, problem: 'Postgres cannot be reached' };
      } finally {
        await close();
      }
    }
    return c.json({ taskType, ok: durableObject.ok && postgres.ok !== false, durableObject, postgres });
  });
}
