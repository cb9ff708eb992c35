import { defineConfig } from 'vitest/config';

// Two projects: `quick` runs in `npm test`; `faults` (kills, flaps, long token lifecycles, load) runs
// in `npm run test:faults` and in CI after the browser tests.
const conditions = ['@chat/source'];
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'quick',
          environment: 'node',
          include: ['src/quick/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'faults',
          environment: 'node',
          include: ['src/faults/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
