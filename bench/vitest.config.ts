import { chatVitestConfig } from '../vitest.shared.js';

// Only the check that BENCHMARKS.md is what the generator makes of the committed results: the
// benchmarks themselves run with `pnpm bench`, never in `npm test`.
export default chatVitestConfig('bench', {
  include: ['__tests__/**/*.test.mjs'],
  environment: 'node',
});
