import { describe, expect, test } from 'vitest';
import { startServer, TestClient, tokenFor } from './helpers.js';
import { RawSocket, requestHead } from './RawSocket.js';

// Issue 12: a refused upload declaring 100 MB held its socket for 5 minutes while the client
// trickled bytes (Node waited for the body it would never read), and headers sent a line at a
// time were held 68-88 s. 1,100 such sockets exhausted the file descriptors.

const HUGE_UPLOAD = requestHead('POST', '/media?channel=general&filename=a.bin', {
  'Content-Type': 'application/octet-stream',
  'Content-Length': 100_000_000,
});

describe('requests answered before their body is read', () => {
  test('a 401 upload trickling its body gets the whole error, Connection: close, and the socket is closed', async () => {
    const server = await startServer();
    const raw = new RawSocket(server.port);
    raw.write(HUGE_UPLOAD);
    raw.trickle(() => 'x', 50);
    expect(await raw.closedByServerWithin(10_000)).toBe(true);
    expect(raw.received).toMatch(/^HTTP\/1\.1 401 /);
    expect(raw.received).toMatch(/\r\nConnection: close\r\n/i);
    const body = raw.received.slice(raw.received.indexOf('\r\n\r\n') + 4);
    expect(JSON.parse(body)).toEqual({ error: { code: 'token_invalid', message: expect.any(String) } });
  });

  test('a client that ignores the FIN and keeps sending is cut after the short linger', async () => {
    const server = await startServer();
    const raw = new RawSocket(server.port, { allowHalfOpen: true });
    raw.write(HUGE_UPLOAD);
    raw.trickle(() => 'x', 20);
    expect(await raw.closedByServerWithin(10_000)).toBe(true);
    expect(raw.received).toMatch(/^HTTP\/1\.1 401 /);
  });

  test('other refusals with an unread body (404, 403, 413, 429) close the connection too', async () => {
    const server = await startServer({ mediaMaxBytes: 10, uploadLimits: { perWindow: 1 } });
    const alice = await TestClient.open(server, 'alice');
    await alice.call('createChannel', { name: 'general', type: 'group' });
    const auth = { Authorization: `Bearer ${tokenFor('alice')}`, 'Content-Length': 5 };
    const cases: Array<[string, string, Record<string, string | number>]> = [
      ['404', '/nowhere', { 'Content-Length': 1000 }],
      ['404', '/media?channel=missing', auth],
      ['413', '/media?channel=general', { ...auth, 'Content-Length': 11 }],
      ['429', '/media?channel=general', auth],
    ];
    for (const [status, path, headers] of cases) {
      const raw = new RawSocket(server.port);
      raw.write(requestHead('POST', path, headers));
      // Nothing of the body is sent: the server must not wait for it.
      expect(await raw.closedByServerWithin(10_000), `${status} ${path}`).toBe(true);
      expect(raw.received, path).toMatch(
        new RegExp(`^HTTP/1\\.1 ${status} [\\s\\S]*\\r\\nConnection: close\\r\\n`, 'i'),
      );
    }
  });

  test('a refusal of a request without a body keeps the connection alive', async () => {
    const server = await startServer();
    const raw = new RawSocket(server.port);
    raw.write(requestHead('GET', '/nowhere'));
    raw.write(requestHead('GET', '/healthz', { Connection: 'close' }));
    await raw.closed;
    expect(raw.received).toMatch(/^HTTP\/1\.1 404 [\s\S]*HTTP\/1\.1 200 /);
  });
});

describe('slow headers and idle connections', () => {
  test('headers sent a line at a time are answered 408 and closed at headersTimeoutMs', async () => {
    const server = await startServer({ headersTimeoutMs: 300 });
    const raw = new RawSocket(server.port);
    raw.write('POST /media HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    let n = 0;
    raw.trickle(() => `X-Pad-${n++}: x\r\n`, 50);
    expect(await raw.closedByServerWithin(10_000)).toBe(true);
    expect(raw.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  test('a connection that sends nothing is closed at headersTimeoutMs', async () => {
    const server = await startServer({ headersTimeoutMs: 300 });
    const raw = new RawSocket(server.port);
    expect(await raw.closedByServerWithin(10_000)).toBe(true);
  });

  test('an idle keep-alive connection is closed at keepAliveTimeoutMs', async () => {
    const server = await startServer({ keepAliveTimeoutMs: 200 });
    const raw = new RawSocket(server.port);
    raw.write(requestHead('GET', '/healthz'));
    expect(await raw.closedByServerWithin(10_000)).toBe(true);
    expect(raw.received).toMatch(/^HTTP\/1\.1 200 /);
  });

  test('a WebSocket outlives the HTTP request and header timeouts', async () => {
    // The request timeout is headers + upload + 1 s = 1.2 s here.
    const server = await startServer({
      headersTimeoutMs: 100,
      uploadTimeoutMs: 100,
      keepAliveTimeoutMs: 100,
    });
    const alice = await TestClient.open(server, 'alice');
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(await alice.call('ping')).toHaveProperty('now');
  });
});
