import { defineConfig } from 'vitest/config';

// Projects per runtime: plain Node for the pure core (milliseconds), workerd for the edge.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
        },
      },
    ],
  },
});
