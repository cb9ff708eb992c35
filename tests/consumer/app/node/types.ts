// Typechecked only (tsconfig.node.json, with skipLibCheck false and again with skipLibCheck true):
// the public types of the server packages as a user of the installed packages sees them. With
// skipLibCheck true, an import a package's .d.ts cannot resolve (a @types package it did not
// bring) silently makes its types `any`; each @ts-expect-error below then goes unused, an error.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalServer, type LocalServerOptions } from '@chat/local-server';
import { channelNameProblem, describeNameProblem, identityProblem } from '@chat/protocol';
import { type ChatStore, createChatStore } from '@chat/react';
import { localBackend } from '@chat/react/local';
import {
  bearerJwtAuthenticator,
  createAccessToken,
  createApp,
  devKeys,
  loadConfigFile,
  startServer,
  verifyAccessToken,
} from '@chat/server';

const app = createApp({ keys: devKeys, authenticate: bearerJwtAuthenticator({ secret: 'x'.repeat(32) }) });
export const handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> = app.callback();
// @ts-expect-error a Koa app has no such member
app.noSuchMember;
app.use(async (ctx, next) => {
  // @ts-expect-error a Koa context's status is a number
  const status: string = ctx.status;
  await next();
  return status;
});

const options: LocalServerOptions = { keys: devKeys, port: 0, dbPath: ':memory:' };
export async function local() {
  const server = await createLocalServer(options);
  // @ts-expect-error a local server has no such member
  server.noSuchMember;
  const running = await startServer({ PORT: '0' }, {}, { info() {}, warn() {}, error() {} });
  // @ts-expect-error a running token server has no such member
  running.noSuchMember;
  await Promise.all([server.close(), running.close()]);
  return (await loadConfigFile('keys.json')).twilioApiSecret;
}

const token: string = createAccessToken(devKeys, 'alice', { ttlSeconds: 3600 });
export const identity: string = verifyAccessToken(devKeys, token).identity;

const problem = identityProblem('alice');
export const description: string | null = problem && describeNameProblem(problem, 'alice', 'identity');
// @ts-expect-error a name problem is a string key or null
export const channelProblem: number = channelNameProblem('general');

export const store: ChatStore = createChatStore({ backend: localBackend({ url: 'http://localhost:3002' }) });
// @ts-expect-error the store's state has no such member
store.getState().noSuchMember;
