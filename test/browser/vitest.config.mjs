// Standalone config for the browser tests, so they run without the root vitest.config.ts:
// `npx vitest run --config test/browser/vitest.config.mjs`. They start npm start's whole stack
// and a Chromium, hence the generous timeouts.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'browser',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/browser/**/*.test.mjs'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
