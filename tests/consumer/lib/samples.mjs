// The README samples a user copies: each code block right after `<!-- checked: <path> -->` in the
// root README or a package README is written to <path> in the consumer app, where the app's
// typecheck covers it (src/readme/ and node/readme/ have their own tsconfig files).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PACKAGES, root } from './pack.mjs';

const MARKED = /<!-- checked: (\S+) -->\n```(?:tsx|ts|js)\n([\s\S]*?)\n```/g;

/** Copies every marked sample into `appDir`; returns [readme, path] pairs. */
export function copyReadmeSamples(appDir) {
  const readmes = [
    join(root, 'README.md'),
    ...PACKAGES.map((folder) => join(root, 'packages', folder, 'README.md')),
  ];
  const copied = [];
  for (const readme of readmes) {
    for (const [, path, code] of readFileSync(readme, 'utf8').matchAll(MARKED)) {
      const target = join(appDir, path);
      if (!/^(src|node)\/readme\//.test(path))
        throw new Error(`${readme}: a checked sample goes under src/readme/ or node/readme/, not ${path}`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, `${code}\n`);
      copied.push([relative(root, readme), path]);
    }
  }
  return copied;
}
