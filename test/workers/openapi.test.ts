import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../functions/app';
import { buildOpenApiDocument } from '../../functions/openapi/document';
import { access, apiRoute, json, jsonBody } from '../../functions/openapi/route-kit';
import { INTERNAL_PREFIX } from '../../functions/routes/health/bench';
import { call, env } from './helpers';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** `METHOD /path/{param}` for every route the Hono app mounts (middleware entries left out). */
function appRoutes(app = createApp()): string[] {
  const keys = app.routes
    .filter((r) => r.method !== 'ALL' && !r.path.startsWith(INTERNAL_PREFIX))
    .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
  return [...new Set(keys)].sort();
}

/** An HTML page served without a key, loading nothing from another origin. */
async function sameOriginPage(path: string) {
  const res = await call('GET', path, undefined, { key: null });
  expect(res.status).toBe(200);
  expect(res.type).toContain('text/html');
  expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\//);
  return res;
}

function documentedRoutes(doc: any): string[] {
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, item]) => METHODS.filter((m) => m in item).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

function operations(doc: any): [string, any][] {
  return Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    METHODS.filter((m) => m in item).map((m) => [`${m.toUpperCase()} ${path}`, item[m]] as [string, any]),
  );
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document, without auth', async () => {
    const res = await call('GET', '/openapi.json', undefined, { key: null });
    expect(res.status).toBe(200);
    expect(res.type).toContain('application/json');
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.info.title).toBe('tuneloop');
  });

  it('documents every route the app mounts, and no route it does not', async () => {
    const doc = (await call('GET', '/openapi.json')).body;
    expect(documentedRoutes(doc)).toEqual(appRoutes());
  });

  it('is generated from the routes as declared: a route added to the app is documented with its method', () => {
    const app = createApp();
    const probe = apiRoute({
      method: 'patch',
      path: '/v1/task-types/{taskType}/probe',
      tags: ['task types'],
      summary: 'A route that exists only in this test',
      ...access('read'),
      request: { params: z.object({ taskType: z.string() }) },
      responses: { 200: json(z.object({ ok: z.boolean() }), 'ok') },
    });
    app.openapi(probe, (c) => c.json({ ok: true }, 200));
    const doc = buildOpenApiDocument(app);
    expect(documentedRoutes(doc)).toEqual(appRoutes(app));
    expect(documentedRoutes(doc)).toContain('PATCH /v1/task-types/{taskType}/probe');
    const op = (doc.paths as any)['/v1/task-types/{taskType}/probe'].patch;
    expect(op.security).toEqual([{ apiKey: ['read'] }]);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404', '500']));
  });

  it('documents a route declared in the dense form exactly as the same route in the object form', () => {
    const Probe = z.object({ taskType: z.string() });
    const reply = { 201: json(z.object({ ok: z.boolean() }), 'ok') };
    const document = (probe: ReturnType<typeof apiRoute>) => {
      const app = createApp();
      app.openapi(probe, (c) => c.json({ ok: true }, 201));
      return (buildOpenApiDocument(app).paths as any)['/v1/task-types/{taskType}/probe'];
    };
    const dense = document(
      apiRoute('post /v1/task-types/{taskType}/probe', access('ops'), {
        tag: 'rollout',
        summary: 'A probe',
        description: 'Only in this test.',
        request: { params: Probe, body: jsonBody(Probe) },
        responses: reply,
      }),
    );
    const object = document(
      apiRoute({
        method: 'post',
        path: '/v1/task-types/{taskType}/probe',
        tags: ['rollout'],
        summary: 'A probe',
        description: 'Only in this test.',
        ...access('ops'),
        request: { params: Probe, body: jsonBody(Probe) },
        responses: reply,
      }),
    );
    expect(dense.post.security).toEqual([{ apiKey: ['ops'] }]);
    expect(Object.keys(dense.post.responses).sort()).toEqual(
      ['201', '400', '401', '403', '404', '413', '422', '500'].sort(),
    );
    expect(JSON.stringify(dense)).toBe(JSON.stringify(object));
  });

  it('gives every operation problem+json error responses, auth errors where a key is needed', async () => {
    const doc = (await call('GET', '/openapi.json')).body;
    for (const [name, op] of operations(doc)) {
      const errors = Object.entries(op.responses as Record<string, any>).filter(([s]) => Number(s) >= 400);
      expect(errors.length, name).toBeGreaterThan(0);
      for (const [status, response] of errors) {
        expect(Object.keys(response.content), `${name} ${status}`).toEqual(['application/problem+json']);
      }
      if (op.security.length > 0)
        expect(Object.keys(op.responses), name).toEqual(expect.arrayContaining(['401', '403']));
      if (op.requestBody)
        expect(Object.keys(op.responses), name).toEqual(expect.arrayContaining(['400', '413', '422']));
    }
  });

  it('resolves every $ref to a component', async () => {
    const doc = (await call('GET', '/openapi.json')).body;
    const refs = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object')
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.add(value);
          else walk(value);
        }
    };
    walk(doc);
    expect(refs.size).toBeGreaterThan(5);
    for (const ref of refs) {
      const [, section, name] = /^#\/components\/(\w+)\/(.+)$/.exec(ref) ?? [];
      expect(doc.components?.[section!]?.[name!], ref).toBeDefined();
    }
  });

  it('takes request and response schemas from src/contract', async () => {
    const doc = (await call('GET', '/openapi.json')).body;
    const recommend = doc.paths['/v1/recommend'].post;
    expect(recommend.security).toEqual([{ apiKey: ['agent'] }]);
    expect(recommend.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/RecommendRequest',
    );
    const request = doc.components.schemas.RecommendRequest;
    expect(request.required).toContain('taskType');
    expect(request.properties.taskType.pattern).toBe('^[a-z0-9][a-z0-9._-]{0,63}$');
    const config = doc.components.schemas.TaskTypeConfig;
    // One strict schema per policy kind: a client sees which fields each kind takes.
    type KindSchema = {
      properties: { kind: { enum?: string[]; const?: string } };
      additionalProperties: boolean;
    };
    // OpenAPI 3.0 has no `const`: a one-value enum says the same.
    const kinds = config.properties.policy.oneOf.map((o: KindSchema) => [
      o.properties.kind.const ?? o.properties.kind.enum?.[0],
      o.additionalProperties,
    ]);
    expect(kinds).toEqual([
      ['thompson-gaussian', false],
      ['linucb', false],
      ['linear-thompson', false],
    ]);
    const put = doc.paths['/v1/task-types/{taskType}'].put;
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(['200', '201', '409', '412', '422']));
    expect(put.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['path:taskType', 'header:if-match']),
    );
  });
});

describe('GET /docs', () => {
  it('serves the API reference page, loading nothing from another origin', async () => {
    const res = await sameOriginPage('/docs');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.text).toContain('/vendor/swagger-ui-bundle.js');
  });

  it('ships its start-up script as a static asset', async () => {
    // The test runner calls the Worker directly; in production the asset router serves this path.
    const assets = (env as unknown as { ASSETS: Fetcher }).ASSETS;
    const asset = await assets.fetch('http://assets.local/docs/init.js');
    expect(asset.status).toBe(200);
    expect(await asset.text()).toContain("url: '/openapi.json'");
  });
});

describe('GET /dashboard', () => {
  it('serves the page without a key (it holds no data) and loads only same-origin scripts', async () => {
    const res = await sameOriginPage('/dashboard');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.text).toContain('/vendor/chart.umd.min.js');
    expect(res.text).toContain('/dashboard/app.js');
  });

  it('ships its scripts as static assets, importing only relative modules', async () => {
    const assets = (env as unknown as { ASSETS: Fetcher }).ASSETS;
    for (const file of [
      'app.js',
      'api.js',
      'detail.js',
      'overview.js',
      'charts.js',
      'format.js',
      'dashboard.css',
    ]) {
      const res = await assets.fetch(`http://assets.local/dashboard/${file}`);
      expect(res.status, file).toBe(200);
      const text = await res.text();
      expect(text, file).not.toMatch(/https?:\/\//);
      for (const [, spec] of text.matchAll(/from '([^']+)'/g))
        expect(spec, file).toMatch(/^\.\/[a-z-]+\.js$/);
    }
  });
});
