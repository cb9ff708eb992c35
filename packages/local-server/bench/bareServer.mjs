import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

/**
 * The baseline: a bare `ws` fan-out with the same frame shapes as the local server and nothing
 * else — no validation, no auth, no SQLite. Each request is parsed, echoed to every client as one
 * `messageAdded` event (one JSON.stringify, one Buffer for all), and acknowledged.
 */
export async function startBareServer() {
  const server = createServer();
  const wss = new WebSocketServer({ server, path: '/ws', maxPayload: 64 * 1024 });
  let index = 0;
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const request = JSON.parse(data.toString());
      if (request.op === 'sendMessage') {
        const message = {
          index: index++,
          channel: request.channel,
          body: request.body,
          clientId: request.clientId,
        };
        const frame = Buffer.from(JSON.stringify({ event: 'messageAdded', message }));
        for (const client of wss.clients) client.send(frame, { binary: false });
        ws.send(JSON.stringify({ id: request.id, ok: true, result: { message } }));
      } else {
        ws.send(JSON.stringify({ id: request.id, ok: true, result: {} }));
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(resolve);
      }),
  };
}
