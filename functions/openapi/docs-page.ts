/** The interactive API reference: Swagger UI from public/vendor (bundled from npm), reading /openapi.json. */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>tuneloop API</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/vendor/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"><p style="font-family:sans-serif;padding:1em">Loading the API reference from <a href="/openapi.json">/openapi.json</a>…</p></div>
  <script src="/vendor/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;
