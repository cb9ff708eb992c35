// The ceiling: plain node:http + node:crypto HMAC with a cached KeyObject, no framework, no
// logging, minimal validation. An independent implementation (it imports only devKeys).
import { createHmac, createSecretKey } from 'node:crypto';
import { createServer } from 'node:http';
import { devKeys } from '../../dist/index.js';
import { ready } from './ready.mjs';

const key = createSecretKey(Buffer.from(devKeys.apiSecret));
const header = Buffer.from('{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}').toString('base64url');

function sign(identity) {
  const iat = Math.floor(Date.now() / 1000);
  const payload = JSON.stringify({
    jti: `${devKeys.apiKey}-${iat}`,
    grants: { identity, chat: { service_sid: devKeys.serviceSid } },
    iat,
    exp: iat + 3600,
    iss: devKeys.apiKey,
    sub: devKeys.accountSid,
  });
  const input = `${header}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let identity;
    try {
      identity = JSON.parse(Buffer.concat(chunks).toString()).identity;
    } catch {}
    if (req.method !== 'POST' || req.url !== '/token' || typeof identity !== 'string' || identity === '') {
      res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":{"code":"invalid_argument"}}');
      return;
    }
    const body = JSON.stringify({ token: sign(identity), identity });
    res
      .writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
      .end(body);
  });
});
server.listen(0, '127.0.0.1', () => ready(server));
