import { chatVitestConfig } from '../../vitest.shared.js';

export default chatVitestConfig('server', {
  environment: 'node',
  include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  testTimeout: 20_000,
});
