import { defineConfig } from 'vitest/config';

// '@chat/source' resolves workspace packages (the servers used by integration tests) to their sources.
export default defineConfig({
  resolve: { conditions: ['@chat/source'] },
  ssr: { resolve: { conditions: ['@chat/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 20_000,
  },
});
