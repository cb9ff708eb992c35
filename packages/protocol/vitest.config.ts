import { chatVitestConfig } from '../../vitest.shared.js';

export default chatVitestConfig('protocol', {
  environment: 'node',
  include: ['src/**/*.test.ts'],
});
