import { join } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

type TestOptions = NonNullable<ViteUserConfig['test']>;

/**
 * The Vitest config every package shares:
 * - '@chat/source' resolves workspace packages to their TypeScript sources, so tests need no build step;
 * - when `CHAT_TEST_REPORT_DIR` is set (by `npm test`), a JSON report per package lands there, so the
 *   root runner can print one "N passed, N failed" line for the whole repository.
 */
export function chatVitestConfig(name: string, test: TestOptions) {
  const reportDir = process.env.CHAT_TEST_REPORT_DIR;
  const reporters: TestOptions['reporters'] = reportDir
    ? ['default', ['json', { outputFile: join(reportDir, `${name}.json`) }]]
    : ['default'];
  return defineConfig({
    resolve: { conditions: ['@chat/source'] },
    ssr: { resolve: { conditions: ['@chat/source'] } },
    test: { reporters, ...test },
  });
}
