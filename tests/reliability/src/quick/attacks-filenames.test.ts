import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LocalServer } from '@chat/local-server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { attackBench } from '../attacks/attackBench.js';
import { WsClient } from '../attacks/WsClient.js';

// Path-like and hostile media filenames: stored sanitised, never used as a path, downloadable
// with a Content-Disposition that cannot be broken out of.
const bench = attackBench('filenames');
const root = mkdtempSync(join(tmpdir(), 'attacks-filenames-'));
const dataDir = join(root, 'data');
const marker = `attack-marker-${process.pid}-${Date.now()}`;
let server: LocalServer;
let token: string;
let alice: WsClient;

beforeAll(async () => {
  server = await bench.startLocal({ dbPath: join(dataDir, 'chat.db') });
  token = bench.mint('alice');
  alice = await WsClient.signIn(server.url, token);
  await alice.call('createChannel', { name: 'files', type: 'group' });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const NASTY = [
  '../../etc/passwd',
  '..\\..\\x',
  '/etc/passwd',
  '/tmp/owned.txt',
  'C:\\Windows\\system32\\evil.dll',
  '\\\\server\\share\\x',
  'a\u0000b.txt',
  '....//....//x',
  '%2e%2e%2fx',
  '..',
  '.',
  '.htaccess',
  '',
  '   ',
  'x'.repeat(5000),
  'file\r\nX-Injected: 1.txt',
  'a"b;c=d.txt',
  "it's (1) *.txt",
  'résumé 履歴書.pdf',
  '\u202egnp.exe',
  'con',
  `${'x/'.repeat(100)}y`,
  '../chat.db',
];

async function roundTrip(
  filename: string,
): Promise<{ stored: string; disposition: string; headers: Headers }> {
  const res = await fetch(`${server.url}/media?channel=files&filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
    body: marker,
  });
  expect(res.status, JSON.stringify(filename)).toBe(201);
  const { media } = (await res.json()) as { media: { sid: string; filename: string } };
  const { url } = await alice.call<{ url: string }>('mediaUrl', { sid: media.sid });
  const download = await fetch(url);
  expect(download.status).toBe(200);
  expect(await download.text()).toBe(marker);
  return {
    stored: media.filename,
    disposition: download.headers.get('content-disposition') ?? '',
    headers: download.headers,
  };
}

function expectSafe(
  filename: string,
  { stored, disposition, headers }: Awaited<ReturnType<typeof roundTrip>>,
) {
  const label = `${JSON.stringify(filename.slice(0, 60))} -> ${JSON.stringify(stored)}`;
  expect(stored, label).not.toMatch(/[/\\]|^\.|\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u);
  expect(stored.length, label).toBeGreaterThan(0);
  expect([...stored].length, label).toBeLessThanOrEqual(200);
  expect(disposition, label).toMatch(
    /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9!~._%-]*$/,
  );
  expect(disposition.match(/filename="([^"]*)"/)?.[1], label).not.toMatch(/["\\]/);
  expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? ''), label).toBe(stored);
  expect(headers.get('x-injected'), label).toBeNull();
}

/** No lone surrogates (they cannot travel in a URL at all). */
function wellFormed(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

describe('path-like media filenames', () => {
  test('hostile names are stored sanitised and served with a safe Content-Disposition', async () => {
    for (const filename of NASTY) {
      expectSafe(filename, await roundTrip(filename));
      bench.tally.count('filenames: hostile names');
    }
  });

  test('arbitrary names (fast-check) keep the same guarantees', async () => {
    const segment = fc.oneof(fc.constantFrom('..', '.', '', '~', 'etc', 'C:'), fc.string({ maxLength: 10 }));
    const name = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 250 }),
      fc.string({ unit: 'binary', maxLength: 60 }).filter(wellFormed),
      fc
        .tuple(fc.array(segment, { maxLength: 6 }), fc.constantFrom('/', '\\'))
        .map(([parts, sep]) => parts.join(sep)),
    );
    await fc.assert(
      fc.asyncProperty(name, async (filename) => {
        bench.tally.count('filenames: arbitrary names (fast-check)');
        expectSafe(filename, await roundTrip(filename));
      }),
      { numRuns: 60 },
    );
  });

  test('nothing was written outside the data folder, and no upload landed on a path its name points to', () => {
    expect(readdirSync(root)).toEqual(['data']);
    expect(readdirSync(dataDir).filter((file) => !/^chat\.db(-wal|-shm)?$/.test(file))).toEqual([]);
    for (const filename of NASTY) {
      for (const target of [
        resolve(dataDir, filename.replaceAll('\\', '/')),
        resolve(filename.replaceAll('\\', '/')),
      ]) {
        if (!target.includes('\u0000') && existsSync(target) && statSync(target).isFile()) {
          expect(readFileSync(target).includes(marker), target).toBe(false);
        }
      }
    }
  });
});

test('no secret or token shows up in any log or error body', () => {
  expect(bench.watch.leaks()).toEqual([]);
});
