import { PolicySnapshot } from '../../../src/contract/policy-snapshot';
import { policySnapshotOf } from '../../../src/evaluation/policy-snapshot';
import type { Api } from '../../api';
import { access, apiRoute, json } from '../../openapi/route-kit';
import { askPathTaskType } from '../../stubs';

const route = apiRoute('get /v1/task-types/{taskType}/policy-snapshot', access('read'), {
  tag: 'evaluation',
  summary: "The learned policy's state, for `ope --policy snapshot:FILE`",
  description:
    'Everything the current policy decides from: kind, arms with their posterior statistics, the ' +
    'linear model of a contextual kind, exploration settings, config, its hash and the policy ' +
    'version. `ope --policy snapshot:FILE` evaluates it on an exported log with the code the ' +
    'hourly evaluation runs.',
  responses: { 200: json(PolicySnapshot, 'The snapshot, taken now.') },
});

/** `GET /v1/task-types/{taskType}/policy-snapshot`: the state the offline evaluation reads as "current". */
export function registerPolicySnapshot(app: Api) {
  app.openapi(route, async (c) => {
    const { reply } = await askPathTaskType(c, (optimizer) => optimizer.evaluationInputs());
    return c.json(policySnapshotOf(reply.current, Date.now()), 200);
  });
}
