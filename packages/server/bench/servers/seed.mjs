// The seed's straightforward path: Koa + @koa/router + the twilio package's AccessToken with a
// ChatGrant, the API secret passed as a string (jsonwebtoken re-imports it on every sign).
import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import twilio from 'twilio';
import { devKeys } from '../../dist/index.js';
import { ready } from './ready.mjs';

const { AccessToken } = twilio.jwt;
const app = new Koa();
const router = new Router();

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text);
}

router.post('/token', async (ctx) => {
  const { identity } = await readBody(ctx.req);
  const token = new AccessToken(devKeys.accountSid, devKeys.apiKey, devKeys.apiSecret, {
    identity,
    ttl: 3600,
  });
  token.addGrant(new AccessToken.ChatGrant({ serviceSid: devKeys.serviceSid }));
  ctx.body = { token: token.toJwt(), identity };
});
app.use(router.routes());

const server = createServer(app.callback()).listen(0, '127.0.0.1', () => ready(server));
