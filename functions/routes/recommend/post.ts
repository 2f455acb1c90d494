import type { Hono } from 'hono';
import { RecommendRequest } from '../../../src/contract/recommend';
import type { AppEnv } from '../../app-env';
import { killSwitchOn } from '../../kill-switch';
import { requireScope } from '../../middleware/auth';
import { rateLimit } from '../../middleware/rate-limit';
import { optimizerOf } from '../../stubs';
import { parseBody } from '../../validation';
import { unknownTaskType } from '../task-types/schema';

/** `POST /v1/recommend`: answered by the task type's Durable Object alone (never Postgres). */
export function registerRecommend(app: Hono<AppEnv>) {
  app.post('/v1/recommend', requireScope('agent'), rateLimit, async (c) => {
    const request = await parseBody(c, RecommendRequest);
    const reply = await optimizerOf(c.env, request.taskType).recommend(request, {
      killSwitch: await killSwitchOn(c.env),
    });
    if (!reply.ok) throw unknownTaskType(request.taskType);
    return c.json(reply.response);
  });
}
