import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KEY_SOURCES } from './checkKeys.js';
import type { FileConfig } from './loadConfig.js';

const FIELDS: readonly string[] = Object.values(KEY_SOURCES).map((source) => source.file);
/** What a module namespace holds besides its exports: Node 23+ adds 'module.exports' for CommonJS. */
const NOT_KEYS = ['default', 'module.exports'];
const EXAMPLE =
  '{"twilioAccountSid": "AC…", "twilioApiKey": "SK…", "twilioApiSecret": "…", "serviceSid": "IS…"}';

interface TypeScriptLike {
  transpileModule(
    source: string,
    options: { compilerOptions: Record<string, unknown>; fileName: string },
  ): { outputText: string };
}

/** The `typescript` package from the config's folder or from ours, when one is installed. */
function findTypeScript(path: string): TypeScriptLike | undefined {
  for (const from of [path, import.meta.url]) {
    try {
      return createRequire(from)('typescript') as TypeScriptLike;
    } catch {
      // Not installed there: try the next place, then Node's own type stripping.
    }
  }
  return undefined;
}

async function importModule(path: string): Promise<Record<string, unknown>> {
  const extension = extname(path);
  if (['.ts', '.mts', '.cts'].includes(extension)) {
    const typescript = findTypeScript(path);
    if (typescript !== undefined) {
      // A key file has no imports, so transpiling it alone is enough; a data: URL keeps the
      // JavaScript (and the secret in it) off the disk.
      const { outputText } = typescript.transpileModule(readFileSync(path, 'utf8'), {
        compilerOptions: { module: 99 /* ESNext */, target: 9 /* ES2022 */ },
        fileName: path,
      });
      return import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);
    }
  }
  try {
    return await import(pathToFileURL(path).href);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_UNKNOWN_FILE_EXTENSION') {
      throw new Error(
        `${path}: Node ${process.versions.node} cannot load ${extension} files without the typescript package; write the keys as JSON (${EXAMPLE}) or as a .js module`,
      );
    }
    throw new Error(`${path} could not be loaded: ${(error as Error).message}`);
  }
}

/**
 * Reads the Twilio keys from a file, as `--config <path>` does: JSON (`{"twilioAccountSid": …}`),
 * or a JavaScript module whose named exports (or default export object) are the four names of
 * the seed's `config.ts`. A `.ts` file is transpiled with the `typescript` package when one is
 * installed (as in this repository), else loaded by Node's own type stripping (Node ≥ 22.18).
 * Keys left out may come from the environment; {@link loadConfig} checks the result.
 *
 * @param path absolute, or relative to the current directory.
 * @throws {Error} when the file is missing, unreadable or not an object of those four strings.
 */
export async function loadConfigFile(path: string): Promise<FileConfig> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new Error(
      `the config file ${absolute} does not exist; give the path of a JSON file like ${EXAMPLE}`,
    );
  }
  let content: unknown;
  if (extname(absolute) === '.json') {
    try {
      content = JSON.parse(readFileSync(absolute, 'utf8'));
    } catch (error) {
      throw new Error(`${absolute} is not valid JSON (${(error as Error).message}); expected ${EXAMPLE}`);
    }
  } else {
    const module = await importModule(absolute);
    const fallback = module.default;
    content =
      typeof fallback === 'object' &&
      fallback !== null &&
      !Object.keys(module).some((name) => FIELDS.includes(name))
        ? fallback
        : Object.fromEntries(Object.entries(module).filter(([name]) => !NOT_KEYS.includes(name)));
  }
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    throw new Error(`${absolute} must hold an object of the Twilio keys, like ${EXAMPLE}`);
  }
  const unknown = Object.keys(content).filter((name) => !FIELDS.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `${absolute} has ${unknown.map((name) => JSON.stringify(name)).join(', ')}, which is not a key name; the names are ${FIELDS.join(', ')}`,
    );
  }
  return content as FileConfig;
}
