// @chat/server as main.js runs it: createApp with the development authenticator, JSON logs
// (to the file the parent passes as stdout) and the rate limiter on, its bucket large enough
// that 50 connections from one IP are never refused.
import { createServer } from 'node:http';
import { createApp, devKeys } from '../../dist/index.js';

const app = createApp({ keys: devKeys, rateLimit: { capacity: 1e9, refillPerSecond: 1e9 } });
const server = createServer(app.callback());
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => m === 'exit' && process.exit(0));
