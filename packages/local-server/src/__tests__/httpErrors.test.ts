import { describe, expect, test } from 'vitest';
import { startServer, TestClient, tokenFor } from './helpers.js';

describe('HTTP errors', () => {
  test('read "<METHOD> <path>: <what was wrong>; <how to fix>." with the codes of the wire', async () => {
    const server = await startServer({ mediaMaxBytes: 8 });
    const alice = await TestClient.open(server, 'alice');
    await alice.call('createChannel', { name: 'general', type: 'group' });
    const upload = (query: string, body: string, token: string | null = tokenFor('alice')) =>
      fetch(`${server.url}/media?${query}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body,
      });
    const cases: [Response, number, string, RegExp][] = [
      [
        await upload('channel=general', 'hi', null),
        401,
        'token_invalid',
        /^POST \/media: no access token; send it as "Authorization: Bearer TOKEN"\.$/,
      ],
      [
        await upload('channel=general', 'way too long'),
        413,
        'invalid_argument',
        /^POST \/media: the body is 12 bytes, over the limit of 8 bytes; send at most 8\.$/,
      ],
      [
        await upload('channel=%20general', 'hi'),
        400,
        'invalid_argument',
        /^POST \/media: channel " general" starts or ends with a space; trim it\.$/,
      ],
      [
        await upload('filename=a.txt', 'hi'),
        400,
        'invalid_argument',
        /^POST \/media: channel is missing; give it once, as \?channel=UNIQUE_NAME\.$/,
      ],
      [
        await upload('channel=nope', 'hi'),
        404,
        'channel_not_found',
        /^POST \/media: no channel named "nope" that you can see; check the name\.$/,
      ],
      [
        await fetch(`${server.url}/nope`),
        404,
        'invalid_argument',
        /^GET \/nope: no such route; see the HTTP routes in the README of @chat\/local-server\.$/,
      ],
    ];
    // A route with a parameter is named by its pattern: the answer to a guessed sid is the same for every sid.
    const guessed = await fetch(`${server.url}/media/MEnope?exp=${Date.now() + 60_000}&sig=00`);
    cases.push([
      guessed,
      403,
      'forbidden',
      /^GET \/media\/:sid: the URL signature is invalid; get a URL with "mediaUrl"\.$/,
    ]);
    for (const [res, status, code, message] of cases) {
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect([res.status, error.code]).toEqual([status, code]);
      expect(error.message).toMatch(message);
    }
  });
});
