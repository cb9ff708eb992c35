import { chatVitestConfig } from '../../vitest.shared.js';

// Two projects: `quick` runs in `npm test`; `faults` (kills, flaps, long token lifecycles, load) runs
// in `npm run test:faults` and in CI after the browser tests.
export default chatVitestConfig('reliability', {
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
});
