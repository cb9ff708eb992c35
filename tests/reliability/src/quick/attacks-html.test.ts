import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalServer } from '@chat/local-server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { attackBench } from '../attacks/attackBench.js';
import { rawRequest } from '../attacks/rawHttp.js';
import { WsClient } from '../attacks/WsClient.js';

// HTML and script in messages, channel fields and files. The servers store and return them
// verbatim (the example app renders text, checked by the browser test); they never serve them as
// a page: files that a browser could run are attachments with nosniff, errors are JSON.
const bench = attackBench('html');
let local: LocalServer;
let token: string;
let alice: WsClient;
let bob: WsClient;

beforeAll(async () => {
  local = await bench.startLocal();
  token = bench.mint('alice');
  alice = await WsClient.signIn(local.url, token);
  bob = await WsClient.signIn(local.url, bench.mint('bob'));
});

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'--><script>alert(document.cookie)</script>",
  '<a href="javascript:alert(1)">click</a>',
  'javascript:alert(1)',
  '&lt;b&gt;not bold&lt;/b&gt;',
  '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
  '{{constructor.constructor("alert(1)")()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, on purpose
  '${alert(1)}',
  '<style>*{display:none}</style>',
  '\u202e<b>reversed</b>',
  ']]><!--',
];

describe('HTML in messages and channel fields', () => {
  test('bodies, attributes and channel names come back byte for byte, to the author and to others', async () => {
    const friendlyName = '<b onmouseover=alert(1)>room</b>';
    await alice.call('createChannel', {
      name: '<script>room</script>',
      type: 'group',
      friendlyName,
      description: PAYLOADS[1],
      members: ['bob'],
    });
    for (const [i, body] of PAYLOADS.entries()) {
      const attributes = { html: body, nested: { '<k>': body } };
      const { message } = await alice.call<{ message: { body: string; attributes: unknown } }>(
        'sendMessage',
        {
          channel: '<script>room</script>',
          clientId: `p${i}`,
          body,
          attributes,
        },
      );
      expect(message.body).toBe(body);
      expect(message.attributes).toEqual(attributes);
      bench.tally.count('html: payloads in messages');
    }
    const { messages } = await bob.call<{ messages: Array<{ body: string }> }>('getMessages', {
      channel: '<script>room</script>',
      pageSize: 100,
    });
    expect(messages.map((m) => m.body)).toEqual(PAYLOADS);
    await bob.until(() => bob.named('messageAdded').length >= PAYLOADS.length);
    expect(bob.named('messageAdded').map((e) => (e.message as { body: string }).body)).toEqual(PAYLOADS);
    const { channel } = await bob.call<{ channel: Record<string, unknown> }>('getChannel', {
      name: '<script>room</script>',
    });
    expect(channel).toMatchObject({ friendlyName, description: PAYLOADS[1], name: '<script>room</script>' });
  });

  test('arbitrary text (fast-check) round-trips verbatim', async () => {
    await alice.call('createChannel', { name: 'fuzz', type: 'group' });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), async (body) => {
        bench.tally.count('html: arbitrary bodies (fast-check)');
        const { message } = await alice.call<{ message: { body: string } }>('sendMessage', {
          channel: 'fuzz',
          clientId: `f${n++}`,
          body,
        });
        expect(message.body).toBe(body);
        const { messages } = await alice.call<{ messages: Array<{ body: string }> }>('getMessages', {
          channel: 'fuzz',
          pageSize: 1,
        });
        expect(messages[0]?.body).toBe(body);
      }),
      { numRuns: 100 },
    );
  });
});

describe('files a browser could run', () => {
  const upload = (type: string, body: string | Uint8Array<ArrayBuffer>) =>
    fetch(`${local.url}/media?channel=files&filename=page.html`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': type },
      body,
    });

  test('HTML, SVG, XHTML and JavaScript are served as attachments with nosniff and a sandbox', async () => {
    await alice.call('createChannel', { name: 'files', type: 'group' });
    const script = '<script>fetch("/steal?c="+document.cookie)</script>';
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">${script}</svg>`;
    const cases: Array<[string, string]> = [
      ['text/html', script],
      ['TEXT/HTML; charset=utf-8', script],
      ['image/svg+xml', svg],
      ['application/xhtml+xml', script],
      ['text/javascript', 'alert(1)'],
      ['application/octet-stream', script],
      ['text/plain', script],
    ];
    for (const [type, body] of cases) {
      const res = await upload(type, body);
      expect(res.status, type).toBe(201);
      const { media } = (await res.json()) as { media: { sid: string } };
      const { url } = await alice.call<{ url: string }>('mediaUrl', { sid: media.sid });
      const download = await fetch(url);
      expect(await download.text()).toBe(body);
      expect(download.headers.get('content-disposition'), type).toMatch(/^attachment;/);
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(download.headers.get('content-security-policy')).toMatch(/sandbox/);
      bench.tally.count('html: active content uploads');
    }
  });

  test('HTML declared as an image is refused; a real image is inline', async () => {
    const refused = await upload('image/png', '<html><script>alert(1)</script></html>');
    expect(refused.status).toBe(415);
    bench.watch.record('local-server http error body', await refused.text());
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(16),
    ]);
    const { media } = (await (await upload('image/png', png)).json()) as { media: { sid: string } };
    const { url } = await alice.call<{ url: string }>('mediaUrl', { sid: media.sid });
    expect((await fetch(url)).headers.get('content-disposition')).toMatch(/^inline;/);
    bench.tally.count('html: image type mismatch');
  });
});

describe('errors never come back as HTML', () => {
  let tokenServer: Server;
  beforeAll(async () => {
    tokenServer = createServer(bench.tokenApp().callback());
    await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    tokenServer.closeAllConnections();
    await new Promise((resolve) => tokenServer.close(resolve));
  });

  test('paths and bodies carrying markup get JSON errors from both servers', async () => {
    const tokenPort = (tokenServer.address() as AddressInfo).port;
    const attempts: Array<[number, string, string, string | undefined]> = [
      [local.port, 'GET', '/%3Cscript%3Ealert(1)%3C/script%3E', undefined],
      [local.port, 'GET', '/media/%3Cscript%3E?exp=1&sig=%3Cb%3E', undefined],
      [local.port, 'POST', '/media?channel=%3Cscript%3E', '<b>x</b>'],
      [tokenPort, 'GET', '/%3Cscript%3Ealert(1)%3C/script%3E', undefined],
      [tokenPort, 'POST', '/token', '{"identity":"<script>alert(1)</script>#"}'],
      [tokenPort, 'POST', '/token', '<html>'],
    ];
    for (const [port, method, path, body] of attempts) {
      const res = await rawRequest(port, {
        method,
        path,
        body,
        headers: { 'Content-Type': 'application/json' },
      });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.headers['content-type'], path).toMatch(/^application\/json/);
      expect(() => JSON.parse(res.text)).not.toThrow();
      bench.watch.record('http error body', res.text);
      bench.tally.count('html: markup in error paths');
    }
  });
});

test('no secret or token shows up in any log or error body', () => {
  expect(bench.watch.leaks()).toEqual([]);
});
