import { z } from 'zod';
import { ConfigDryRunResponse, PutTaskTypeQuery } from '../../../src/contract/config-dry-run';
import { TaskTypeConfig } from '../../../src/contract/task-type';
import { PutTaskTypeResponse } from '../../../src/contract/task-type-status';
import { expandArmGrid } from '../../../src/guards/arm-grid';
import { checkConfig } from '../../../src/guards/quality-gates';
import type { ConfigDryRun, ConfigReply } from '../../../src/optimizer/config-step';
import { actorOf } from '../../actor';
import type { Api } from '../../api';
import { access, apiRoute, json, jsonBody, problems } from '../../openapi/route-kit';
import { ApiError } from '../../problem';
import { optimizerOf } from '../../stubs';
import { assertGroupFits, recordGroupMembership } from './group-membership';

const route = apiRoute('put /v1/task-types/{taskType}', access('ops'), {
  tag: 'task types',
  summary: 'Create or replace a task type config',
  description:
    '201 on create, 200 on replace. A config that breaks a hard limit or the trust region is a 422 ' +
    'listing every violation. `rollout.phase` is honoured on create only; a different phase on an ' +
    'existing task type is 409. With `?dryRun=true`: 200 with the changes the PUT would make, or the ' +
    'error it would get; nothing is stored.',
  request: {
    query: PutTaskTypeQuery,
    headers: z.object({
      'if-match': z.string().optional().describe('the config version this replaces; 412 when stale'),
    }),
    body: jsonBody(TaskTypeConfig),
  },
  responses: {
    200: json(z.union([PutTaskTypeResponse, ConfigDryRunResponse]), 'Replaced (or, for a dry run, judged).'),
    201: json(PutTaskTypeResponse, 'Created.'),
    ...problems(409, 412),
  },
});

/** `PUT /v1/task-types/{taskType}`: create (201) or replace (200) a config, gated by the quality gates. */
export function registerPutTaskType(app: Api) {
  app.openapi(route, async (c) => {
    const { taskType } = c.req.valid('param');
    const ifMatch = parseIfMatch(c.req.valid('header')['if-match']);
    const config = expandArmGrid(c.req.valid('json'));
    const violations = checkConfig(config);
    if (violations.length > 0) {
      throw new ApiError('unprocessable', `The config breaks ${violations.length} rule(s).`, violations);
    }
    await assertGroupFits(c.env, taskType, config);
    const actor = actorOf(c);
    const optimizer = optimizerOf(c.env, taskType);
    if (c.req.valid('query').dryRun === 'true') {
      const judged = (await optimizer.dryRunConfig(taskType, config, ifMatch)) as
        | ConfigDryRun
        | Extract<ConfigReply, { ok: false }>;
      if ('ok' in judged) throw refusal(taskType, config, ifMatch, judged);
      return c.json(judged, 200);
    }
    const result = await optimizer.putConfig(taskType, config, ifMatch, actor);
    if (!result.ok) throw refusal(taskType, config, ifMatch, result);
    await recordGroupMembership(c.env, taskType, result.state.config);
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

/** The 412 or 409 a refused PUT (real or dry run) answers. */
function refusal(
  taskType: string,
  config: TaskTypeConfig,
  ifMatch: number | null,
  refused: Extract<ConfigReply, { ok: false }>,
): ApiError {
  if (refused.reason === 'stale_version') {
    return new ApiError(
      'precondition_failed',
      `If-Match ${ifMatch} is stale: the current version is ${refused.version}.`,
    );
  }
  return new ApiError(
    'conflict',
    `The task type is in phase '${refused.phase}'; phases move through POST /v1/task-types/${taskType}/rollout.`,
    [{ path: '/rollout/phase', message: `current phase is '${refused.phase}'`, value: config.rollout.phase }],
  );
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
