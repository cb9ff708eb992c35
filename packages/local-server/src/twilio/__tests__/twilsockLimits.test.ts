import { describe, expect, test } from 'vitest';
import { startServer, TestClient, tokenFor } from '../../__tests__/helpers.js';
import { RawTwilsock } from './RawTwilsock.js';

// The abuse limits of issue 12 hold at the Twilio front door too, and an identity's budget is one
// budget whichever door its sockets use: a user cannot go around the local protocol's limits by
// speaking twilsock.
describe('per-identity limits on twilsock connections', () => {
  test('the socket cap counts twilsock and local sockets together; the next init gets 429', async () => {
    const server = await startServer({ maxSocketsPerIdentity: 2 });
    const local = await TestClient.open(server, 'mallory');
    const first = await RawTwilsock.open(server);
    expect((await first.init(tokenFor('mallory'))).header.status).toMatchObject({ code: 200 });
    const third = await RawTwilsock.open(server);
    expect((await third.init(tokenFor('mallory'))).header.status).toMatchObject({ code: 429 });
    await third.closed;
    // Another identity is not affected, and a freed slot is given back.
    const other = await RawTwilsock.open(server);
    expect((await other.init(tokenFor('alice'))).header.status).toMatchObject({ code: 200 });
    local.close();
    await local.closed;
    const again = await RawTwilsock.open(server);
    expect((await again.init(tokenFor('mallory'))).header.status).toMatchObject({ code: 200 });
  });

  test('message sends share the identity budget with local sends; past it, 429 and nothing stored', async () => {
    const server = await startServer({ rateLimit: { perIdentity: { sendsPerSecond: 0.001, sendBurst: 3 } } });
    const local = await TestClient.open(server, 'mallory');
    await local.call('createChannel', { name: 'room', type: 'group' });
    await local.call('sendMessage', { channel: 'room', clientId: 'c1', body: 'from the local door' });
    const raw = await RawTwilsock.open(server);
    await raw.init(tokenFor('mallory'));
    const channel = await raw.http('GET', '/Client/v2/Conversations/room');
    const messages = `/Client/v2/Conversations/${channel.body.sid as string}/Messages`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await raw.http('POST', messages, {}, { body: `twilsock ${i}` })).status);
    }
    expect(statuses).toEqual([201, 201, 429, 429]);
    const { messages: stored } = await local.call('getMessages', { channel: 'room', pageSize: 10 });
    expect((stored as { body: string }[]).map((m) => m.body)).toEqual([
      'from the local door',
      'twilsock 0',
      'twilsock 1',
    ]);
  });

  test('frames share the identity budget: past it, requests get 429 while another identity is served', async () => {
    const server = await startServer({
      rateLimit: { framesPerSecond: 1000, burst: 100, perIdentity: { framesPerSecond: 0.001, burst: 6 } },
    });
    const raw = await RawTwilsock.open(server);
    await raw.init(tokenFor('mallory'));
    const transports: number[] = [];
    for (let i = 0; i < 8; i++)
      transports.push((await raw.http('GET', '/Client/v2/Configuration')).transport);
    expect(transports.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(transports.slice(-2)).toEqual([429, 429]);
    const other = await RawTwilsock.open(server);
    await other.init(tokenFor('alice'));
    expect((await other.http('GET', '/Client/v2/Configuration')).transport).toBe(200);
  });
});
