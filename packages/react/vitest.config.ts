import { chatVitestConfig } from '../../vitest.shared.js';

export default chatVitestConfig('react', {
  include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
  testTimeout: 20_000,
});
