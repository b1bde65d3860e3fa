import { defineConfig } from 'vitest/config';

// Unit and integration tests that need no broker. Tests that need Kafka live in their own
// project (added with the broker setup) so that running unrelated tests never starts a broker.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/kafka/**', 'test/e2e/**', '**/node_modules/**'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
