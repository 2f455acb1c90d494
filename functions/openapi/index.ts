import type { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { DOCS_PAGE } from './docs-page';
import { buildOpenApiDocument, mountedRoutes } from './document';

/** No page loads anything from elsewhere: every script and style comes from this origin. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** `GET /openapi.json` (the routes the app mounts, built once per isolate) and `GET /docs`. */
export function registerOpenApi(app: Hono<AppEnv>) {
  let document: ReturnType<typeof buildOpenApiDocument> | null = null;
  app.get('/openapi.json', (c) => {
    document ??= buildOpenApiDocument(mountedRoutes(app.routes));
    c.header('cache-control', 'no-cache');
    return c.json(document);
  });
  app.get('/docs', (c) => {
    c.header('content-security-policy', PAGE_CSP);
    return c.html(DOCS_PAGE);
  });
}
