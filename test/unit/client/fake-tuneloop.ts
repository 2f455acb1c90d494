/**
 * A stand-in for tuneloop's two hot endpoints over real HTTP: `POST /v1/recommend` answers a
 * decision with the given parameters, `POST /v1/outcomes` records each body. For the adapters'
 * fast tests; test/e2e/adapters.e2e.test.ts runs them against the real service.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecommendResponse } from '../../../src/contract/recommend';
import { recommendResponse } from '../../support/recommend-response';

export interface FakeTuneloop {
  baseUrl: string;
  recommends: Record<string, any>[];
  outcomes: Record<string, any>[];
  close(): Promise<void>;
}

export function startFakeTuneloop(params: RecommendResponse['params']): Promise<FakeTuneloop> {
  const recommends: Record<string, any>[] = [];
  const outcomes: Record<string, any>[] = [];
  const server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = JSON.parse(text);
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/recommend') {
      recommends.push(body);
      const decision = recommendResponse({
        decisionId: `d-${recommends.length}`,
        taskType: body.taskType,
        armId: 'tuned',
        params,
        propensity: 0.9,
      });
      res.end(JSON.stringify(decision));
    } else if (req.url === '/v1/outcomes') {
      outcomes.push(body);
      res.end(JSON.stringify({ decisionId: body.decisionId, status: 'recorded' }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        baseUrl: `http://127.0.0.1:${port}`,
        recommends,
        outcomes,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
