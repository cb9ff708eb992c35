import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../createApp.js';
import { devKeys } from '../devKeys.js';
import { HttpError } from '../HttpError.js';
import { captureLogger } from './helpers.js';

const http = (options: Parameters<typeof createApp>[0]) => request(createApp(options).callback());
const quiet = () => ({ keys: devKeys, logger: captureLogger().logger });

describe('error messages', () => {
  it('read "<METHOD> <path>: <what was wrong>; <how to fix>.", the value quoted', async () => {
    const app = http({ ...quiet(), rateLimit: false, bodyLimitBytes: 30 });
    const json = (body: string) => app.post('/token').set('Content-Type', 'application/json').send(body);
    const cases: [request.Response, RegExp][] = [
      [
        await json('{nope'),
        /^POST \/token: the body is not valid JSON; send e\.g\. \{"identity":"alice"\}\.$/,
      ],
      [await json('"alice"'), /^POST \/token: the body is not a JSON object with an identity; send e\.g\./],
      [
        await json('{"identity":"a#b"}'),
        /^POST \/token: identity "a#b" contains '#' .*; choose a name without it\.$/,
      ],
      [
        await json(JSON.stringify({ identity: 'x'.repeat(40) })),
        /^POST \/token: the body is 55 bytes, over the limit of 30 bytes; send at most 30\.$/,
      ],
      [
        await app.post('/token').type('form').send('identity=alice'),
        /^POST \/token: the body is "application\/x-www-form-urlencoded"; send it as Content-Type: application\/json \(UTF-8\)\.$/,
      ],
      [
        await app.post('/token').set('Origin', 'https://evil.example').send({ identity: 'alice' }),
        /^POST \/token: origin "https:\/\/evil\.example" is not allowed; add it to corsOrigins \(CORS_ORIGINS\)\.$/,
      ],
    ];
    for (const [res, expected] of cases) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body.error.message).toMatch(expected);
    }
    const limited = http({ ...quiet(), rateLimit: { burst: 1, perSecond: 0.001 } });
    await limited.post('/token').send({ identity: 'alice' });
    const refused = await limited.post('/token').send({ identity: 'alice' });
    expect(refused.body.error.message).toMatch(
      /^POST \/token: too many token requests from this client; retry in \d+ s\.$/,
    );
  });

  it('an authenticator throws HttpError with the code set of its server, never a code outside it', () => {
    const error = new HttpError(401, 'unauthorized', 'no sign-in token; sign in.');
    expect([error.status, error.code, error.headers]).toEqual([401, 'unauthorized', {}]);
    // @ts-expect-error: not a code of the token server (the local server's codes are its own set)
    expect(new HttpError(404, 'channel_not_found', 'x').code).toBe('channel_not_found');
    expect(new HttpError<'channel_not_found'>(404, 'channel_not_found', 'x').code).toBe('channel_not_found');
  });
});
