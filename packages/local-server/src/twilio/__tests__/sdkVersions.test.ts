import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';

/**
 * The SDK builds the emulator was written and checked against (README, "Twilio emulator"). The
 * SDKs' wire is undocumented: a different version may expect other frames or fields, so a change
 * here must come with a re-read of its build and the emulator's tests passing on it.
 */
const CHECKED = {
  '@twilio/conversations': {
    version: '3.0.1',
    dependencies: {
      twilsock: '1.0.2',
      'twilio-sync': '4.0.1',
      '@twilio/mcs-client': '1.0.1',
      '@twilio/notifications': '3.0.2',
    },
  },
  'twilio-chat': {
    version: '6.0.0',
    dependencies: {
      twilsock: '0.12.2',
      'twilio-sync': '3.4.0',
      '@twilio/mcs-client': '0.5.3',
      '@twilio/notifications': '1.0.5',
    },
  },
} as const;

const here = createRequire(import.meta.url);

function versionOf(name: string, from: NodeJS.Require): { version: string; path: string } {
  const path = from.resolve(`${name}/package.json`);
  return { version: (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version, path };
}

describe('the Twilio SDKs installed are the versions the emulator was checked against', () => {
  for (const [sdk, checked] of Object.entries(CHECKED)) {
    test(sdk, () => {
      const installed = versionOf(sdk, here);
      // The SDK's own dependencies, as it resolves them (each SDK pins its own twilsock and Sync).
      const fromSdk = createRequire(installed.path);
      const found = {
        version: installed.version,
        dependencies: Object.fromEntries(
          Object.keys(checked.dependencies).map((name) => [name, versionOf(name, fromSdk).version]),
        ),
      };
      expect(
        found,
        `${sdk} or one of its dependencies is not the version the Twilio emulator was checked against. ` +
          'Re-read the new builds (node_modules/.pnpm/<package>/builds/lib.js) for changed frames, paths or fields, ' +
          'run the twilio tests of @chat/local-server, then update CHECKED here and the README.',
      ).toEqual(checked);
    });
  }
});
