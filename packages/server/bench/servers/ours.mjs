// @chat/server as main.js runs it: createApp with the development authenticator, JSON logs
// (to the file the parent passes as stdout) and the rate limiter on, its bucket large enough
// that 50 connections from one IP are never refused.
import { createServer } from 'node:http';
import { createApp, devKeys } from '../../dist/index.js';
import { ready } from './ready.mjs';

const app = createApp({ keys: devKeys, rateLimit: { burst: 1e9, perSecond: 1e9 } });
const server = createServer(app.callback());
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => ready(server));
