// Standalone config for the local-stack tests, so they run without touching the root
// vitest.config.ts: `npx vitest run --config test/stack/vitest.config.mjs`.
// They start real servers (PGlite, proxies, bridges), hence the generous timeouts.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'stack',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/stack/**/*.test.mjs'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
