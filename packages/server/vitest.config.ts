import { defineConfig } from 'vitest/config';

// '@chat/source' resolves workspace packages to their TypeScript sources, so tests need no build step.
export default defineConfig({
  resolve: { conditions: ['@chat/source'] },
  ssr: { resolve: { conditions: ['@chat/source'] } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
