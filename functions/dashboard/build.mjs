// Copies the browser libraries the pages use from node_modules into public/vendor/ (gitignored),
// so no page loads anything from the internet. wrangler runs it before `wrangler dev` and
// `wrangler deploy` ([build] in wrangler.toml); `npm run build:assets` runs it by hand.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vendor = join(root, 'public', 'vendor');

/** [package, file inside it, name under public/vendor/] */
const FILES = [
  ['chart.js', 'dist/chart.umd.min.js', 'chart.umd.min.js'],
  ['swagger-ui-dist', 'swagger-ui-bundle.js', 'swagger-ui-bundle.js'],
  ['swagger-ui-dist', 'swagger-ui.css', 'swagger-ui.css'],
];

mkdirSync(vendor, { recursive: true });
const versions = {};
for (const [pkg, file, name] of FILES) {
  const dir = join(root, 'node_modules', pkg);
  copyFileSync(join(dir, file), join(vendor, name));
  versions[pkg] = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}
console.log(
  `public/vendor: ${Object.entries(versions)
    .map(([p, v]) => `${p}@${v}`)
    .join(', ')}`,
);
