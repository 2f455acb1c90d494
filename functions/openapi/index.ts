import { z } from 'zod';
import type { Api } from '../api';
import { DOCS_PAGE } from './docs-page';
import { buildOpenApiDocument, registerSecurityScheme } from './document';
import { apiRoute, json, PUBLIC, text } from './route-kit';

/** No page loads anything from elsewhere: every script and style comes from this origin. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const documentRoute = apiRoute('get /openapi.json', PUBLIC, {
  tag: 'operations',
  summary: 'This document',
  responses: { 200: json(z.looseObject({}), 'OpenAPI 3.1.') },
});

const docsRoute = apiRoute('get /docs', PUBLIC, {
  tag: 'operations',
  summary: 'Interactive API documentation',
  responses: { 200: text('text/html', 'An HTML page.', z.string()) },
});

/** `GET /openapi.json` (generated once per isolate, from every route registered) and `GET /docs`. */
export function registerOpenApi(app: Api) {
  registerSecurityScheme(app);
  let document: ReturnType<typeof buildOpenApiDocument> | null = null;
  app.openapi(documentRoute, (c) => {
    document ??= buildOpenApiDocument(app);
    c.header('cache-control', 'no-cache');
    return c.json(document as unknown as Record<string, never>, 200);
  });
  app.openapi(docsRoute, (c) => {
    c.header('content-security-policy', PAGE_CSP);
    return c.html(DOCS_PAGE);
  });
}
