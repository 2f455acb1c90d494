import { htmlPage } from '../html-page';

/** The interactive API reference: Swagger UI from public/vendor (bundled from npm), reading /openapi.json. */
export const DOCS_PAGE = htmlPage(
  'tuneloop API',
  '/vendor/swagger-ui.css',
  `  <div id="swagger-ui"><p style="font-family:sans-serif;padding:1em">Loading the API reference from <a href="/openapi.json">/openapi.json</a>…</p></div>
  <script src="/vendor/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>`,
);
