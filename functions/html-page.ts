/**
 * The one HTML shell the edge serves its pages in (the dashboard, the API reference): the body
 * differs, the head never should.
 */
export function htmlPage(title: string, stylesheet: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${stylesheet}">
</head>
<body>
${body}
</body>
</html>
`;
}
