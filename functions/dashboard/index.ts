import { z } from 'zod';
import type { Api } from '../api';
import { PAGE_CSP } from '../openapi';
import { apiRoute, PUBLIC, text } from '../openapi/route-kit';
import { DASHBOARD_PAGE } from './page';

const route = apiRoute('get /dashboard', PUBLIC, {
  tag: 'operations',
  summary: 'The operations dashboard (asks for a read key in the browser)',
  responses: { 200: text('text/html', 'An HTML page.', z.string()) },
});

/**
 * `GET /dashboard`: the page itself needs no key (it holds no data); the scripts ask for a
 * read key and call the JSON API with it. Scripts and styles are static assets from public/.
 */
export function registerDashboard(app: Api) {
  app.openapi(route, (c) => {
    c.header('content-security-policy', PAGE_CSP);
    c.header('cache-control', 'no-cache');
    return c.html(DASHBOARD_PAGE);
  });
}
