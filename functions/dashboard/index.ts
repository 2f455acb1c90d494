import type { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { PAGE_CSP } from '../openapi';
import { DASHBOARD_PAGE } from './page';

/**
 * `GET /dashboard`: the page itself needs no key (it holds no data); the scripts ask for a
 * read key and call the JSON API with it. Scripts and styles are static assets from public/.
 */
export function registerDashboard(app: Hono<AppEnv>) {
  app.get('/dashboard', (c) => {
    c.header('content-security-policy', PAGE_CSP);
    c.header('cache-control', 'no-cache');
    return c.html(DASHBOARD_PAGE);
  });
}
