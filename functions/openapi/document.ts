import type { Api } from '../api';
import { TAGS } from './route-kit';

/**
 * The OpenAPI 3.1 document, generated from the routes as declared (`apiRoute` + `app.openapi`):
 * what the app serves and what it documents are one list.
 */
export function buildOpenApiDocument(app: Api) {
  const usedTags = new Set(
    app.openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? (d.route.tags ?? []) : [])),
  );
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'tuneloop',
      version: '0.1.0',
      description:
        'Tunes LLM generation parameters per task type with bandits, and rolls every change out ' +
        'safely. Every error is `application/problem+json` (RFC 9457).',
    },
    tags: TAGS.filter((t) => usedTags.has(t.name)),
  });
}

/** How a key is sent; each operation names the scope it needs. */
export function registerSecurityScheme(app: Api) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key. Scopes: `agent` (recommend, outcomes), `read` (GET endpoints, dashboard), ' +
      '`ops` (everything). `TUNELOOP_ADMIN_KEY` is always an ops key.',
  });
}
