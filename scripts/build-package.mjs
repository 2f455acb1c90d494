#!/usr/bin/env node
/**
 * Builds what `npm pack` ships (run by `prepack`): the client, its SDK adapters and the `ope`
 * CLI as ESM JavaScript with `.d.ts`, into dist/. tsc compiles (tsconfig.build.json); the
 * sources import each other without extensions (moduleResolution "bundler"), which Node's ESM
 * loader does not accept, so each relative specifier in the output is then given the file it
 * means (`./client` → `./client.js`, `./dir` → `./dir/index.js`). A specifier that names no
 * emitted file fails the build rather than a user's import.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dist = join(repo, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(repo, 'tsconfig.build.json')], {
  cwd: repo,
  stdio: 'inherit',
});
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

// `from '…'`, `import '…'`, `import('…')` — static and dynamic imports and re-exports.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*)\2/g;

/** The emitted file a relative specifier means, as a specifier Node resolves. */
function withExtension(specifier, fromFile) {
  if (/\.(m?js|json)$/.test(specifier)) return specifier;
  const base = join(dirname(fromFile), specifier);
  if (existsSync(`${base}.js`)) return `${specifier}.js`;
  if (existsSync(join(base, 'index.js'))) return `${specifier}/index.js`;
  throw new Error(`${fromFile}: '${specifier}' names no emitted file`);
}

function* outputFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* outputFiles(path);
    else if (/\.(js|d\.ts)$/.test(name)) yield path;
  }
}

let rewritten = 0;
for (const file of outputFiles(dist)) {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(SPECIFIER, (_match, lead, quote, specifier) => {
    return `${lead}${quote}${withExtension(specifier, file)}${quote}`;
  });
  if (next !== text) {
    writeFileSync(file, next);
    rewritten += 1;
  }
}
chmodSync(join(dist, 'bin/ope.js'), 0o755);
// stderr: `npm pack --json` prints its JSON on stdout after this.
console.error(`dist/ built: ${rewritten} files with their relative imports resolved`);
