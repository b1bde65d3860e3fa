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
      {
        // Tests against a real broker: test/setup/kafka.ts starts one (or uses KAFKA_BROKERS) only when
        // a file of this project is selected. Files run one at a time so the broker JVM keeps a core.
        test: {
          name: 'kafka',
          include: ['test/kafka/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/setup/kafka.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
