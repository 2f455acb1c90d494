import type { Hono } from 'hono';
import { TaskTypeConfig } from '../../../src/contract/task-type';
import { expandArmGrid } from '../../../src/guards/arm-grid';
import { checkConfig } from '../../../src/guards/quality-gates';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../middleware/auth';
import { ApiError } from '../../problem';
import { optimizerOf } from '../../stubs';
import { parseBody } from '../../validation';
import { taskTypeParam } from './schema';

/** `PUT /v1/task-types/{taskType}`: create (201) or replace (200) a config, gated by the quality gates. */
export function registerPutTaskType(app: Hono<AppEnv>) {
  app.put('/v1/task-types/:taskType', requireScope('ops'), async (c) => {
    const taskType = taskTypeParam(c.req.param('taskType'));
    const ifMatch = parseIfMatch(c.req.header('if-match'));
    const config = expandArmGrid(await parseBody(c, TaskTypeConfig));
    const violations = checkConfig(config);
    if (violations.length > 0) {
      throw new ApiError('unprocessable', `The config breaks ${violations.length} rule(s).`, violations);
    }
    const principal = c.get('principal');
    const actor = `${principal.name} (${principal.keyId})`;
    const result = await optimizerOf(c.env, taskType).putConfig(taskType, config, ifMatch, actor);
    if (!result.ok && result.reason === 'stale_version') {
      throw new ApiError(
        'precondition_failed',
        `If-Match ${ifMatch} is stale: the current version is ${result.version}.`,
      );
    }
    if (!result.ok) {
      throw new ApiError(
        'conflict',
        `The task type is in phase '${result.phase}'; phases move through POST /v1/task-types/${taskType}/rollout.`,
        [
          {
            path: '/rollout/phase',
            message: `current phase is '${result.phase}'`,
            value: config.rollout.phase,
          },
        ],
      );
    }
    c.header('etag', `"${result.state.configVersion}"`);
    return c.json(
      {
        taskType,
        version: result.state.configVersion,
        phase: result.state.phase,
        config: result.state.config,
        resetArms: result.resetArms,
      },
      result.created ? 201 : 200,
    );
  });
}

/** `If-Match: 3` or `If-Match: "3"` → 3; absent → null. */
function parseIfMatch(header: string | undefined): number | null {
  if (header === undefined) return null;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match)
    throw new ApiError(
      'precondition_failed',
      `If-Match must be a config version, got '${header.slice(0, 40)}'.`,
    );
  return Number(match[1]);
}
