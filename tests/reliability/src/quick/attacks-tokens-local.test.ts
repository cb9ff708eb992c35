import type { LocalServer } from '@chat/local-server';
import { devKeys } from '@chat/server';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { attackBench } from '../attacks/attackBench.js';
import { snapshot } from '../attacks/snapshot.js';
import { type TokenAttack, twilioTokenAttacks } from '../attacks/twilioTokenAttacks.js';
import { WsClient } from '../attacks/WsClient.js';

// Forged access tokens against the local server: `hello`, `updateToken` and `POST /media`.
// Every forgery claims to be bob, a real member of a private channel, so that an accepted one
// would be an impersonation that this file can see (events, history).
const bench = attackBench('tokens-local');
let server: LocalServer;
let alice: WsClient;
let bob: WsClient;
let attacks: TokenAttack[];

beforeAll(async () => {
  server = await bench.startLocal();
  alice = await WsClient.signIn(server.url, bench.mint('alice'));
  bob = await WsClient.signIn(server.url, bench.mint('bob'));
  await alice.call('createChannel', { name: 'alice#bob', type: 'private', members: ['bob'] });
  await alice.call('sendMessage', { channel: 'alice#bob', clientId: 'c1', body: 'for bob only' });
  attacks = twilioTokenAttacks(devKeys, 'bob', (token) => bench.watch.secret(token));
});

/** Says hello with a forged token and checks the refusal; returns the socket if it stayed open. */
async function refusedHello(
  token: unknown,
  expected: readonly string[],
  label: string,
): Promise<WsClient | null> {
  const client = await WsClient.connect(server.url);
  client.send(JSON.stringify({ id: 1, op: 'hello', token }));
  // Sent at once behind the hello: must not run as anyone, whatever the hello's fate.
  client.send(JSON.stringify({ id: 2, op: 'listChannels' }));
  const reply = await client.replyTo(1);
  expect(reply?.ok, label).toBe(false);
  expect(expected, `${label}: ${reply?.error?.message}`).toContain(reply?.error?.code);
  if (reply?.error?.code === 'token_invalid' || reply?.error?.code === 'token_expired') {
    const { code } = await client.closed;
    expect(code, label).toBe(reply.error.code === 'token_expired' ? 4003 : 4002);
  } else {
    expect((await client.replyTo(2))?.error?.code, label).toBe('not_connected');
  }
  expect(
    client.replies.filter((r) => r.ok),
    label,
  ).toEqual([]);
  return client.closeCode === undefined ? client : null;
}

describe('forged tokens at the local server', () => {
  test('every forgery is refused at hello: error reply, 4002/4003 close, no identity, nothing changes', async () => {
    const before = await snapshot([alice, bob]);
    const stillOpen: WsClient[] = [];
    for (const attack of attacks) {
      const open = await refusedHello(attack.token, attack.expect, `${attack.category}: ${attack.name}`);
      if (open) stillOpen.push(open);
      bench.tally.count(`local hello: ${attack.category}`);
    }
    expect(await snapshot([alice, bob])).toEqual(before);
    // A message for bob now: no refused connection may receive it, the real bob does.
    await alice.call('sendMessage', { channel: 'alice#bob', clientId: 'c2', body: 'second' });
    await bob.until(() => bob.named('messageAdded').length >= 1);
    expect(stillOpen.length).toBeGreaterThan(0);
    for (const client of stillOpen) expect(client.events).toEqual([]);
  });

  test('random strings and random three-part tokens are refused at hello (fast-check)', async () => {
    const base64url = fc.stringMatching(/^[A-Za-z0-9_-]{0,80}$/);
    const token = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.tuple(base64url, base64url, base64url).map((parts) => parts.join('.')),
    );
    await fc.assert(
      fc.asyncProperty(token, async (value) => {
        bench.tally.count('local hello: garbage (fast-check)');
        await refusedHello(value, ['token_invalid', 'invalid_argument'], JSON.stringify(value));
      }),
      { numRuns: 60 },
    );
  });

  test('updateToken with a forgery is refused and the connection stays bob', async () => {
    const victim = await WsClient.signIn(server.url, bench.mint('bob'));
    for (const attack of attacks) {
      const code = await victim.errorOf('updateToken', { token: attack.token });
      expect(attack.expect, `${attack.name}: ${code}`).toContain(code);
      bench.tally.count(`local updateToken: ${attack.category}`);
    }
    // A real token for someone else does not switch the user either.
    expect(await victim.errorOf('updateToken', { token: bench.mint('alice') })).toBe('token_invalid');
    bench.tally.count('local updateToken: other identity');
    const { channel } = await victim.call<{ channel: { members: string[] } }>('getChannel', {
      name: 'alice#bob',
    });
    expect(channel.members).toEqual(['alice', 'bob']);
    expect(victim.closeCode).toBeUndefined();
  });

  test('POST /media with a forged bearer token: 401 before the body is read, nothing stored', async () => {
    const before = await snapshot([alice, bob]);
    for (const attack of attacks) {
      // Headers carry visible ASCII only; the others cannot even be sent.
      if (
        typeof attack.token !== 'string' ||
        attack.token.length > 8000 ||
        /[^\x21-\x7e]/.test(attack.token)
      ) {
        continue;
      }
      const res = await fetch(`${server.url}/media?channel=alice%23bob&filename=x.txt`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${attack.token}`, 'Content-Type': 'text/plain' },
        body: 'forged upload',
      });
      const body = await res.text();
      bench.watch.record('local-server http error body', body);
      expect(res.status, `${attack.name}: ${body}`).toBe(401);
      expect(body).not.toContain('"media"');
      bench.tally.count(`local POST /media: ${attack.category}`);
    }
    expect(await snapshot([alice, bob])).toEqual(before);
  });

  test('no secret or token shows up in any log or error body', () => {
    expect(bench.watch.watched).toBeGreaterThan(3);
    expect(bench.watch.captured.length).toBeGreaterThan(attacks.length);
    expect(bench.watch.leaks()).toEqual([]);
  });
});
