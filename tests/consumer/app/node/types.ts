// Typechecked only (tsconfig.node.json, skipLibCheck false, and again with skipLibCheck true): the
// public types of the server packages as a user of the installed packages sees them. Under
// skipLibCheck true, an unresolvable import in a package's .d.ts turns its types into `any`
// silently; the NotAny checks make that an error.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalServer, type LocalServer, type LocalServerOptions } from '@chat/local-server';
import { type channelNameProblem, describeNameProblem, identityProblem } from '@chat/protocol';
import { type ChatStore, createChatStore } from '@chat/react';
import { localBackend } from '@chat/react/local';
import {
  bearerJwtAuthenticator,
  createAccessToken,
  createApp,
  devKeys,
  loadConfigFile,
  type startServer,
  verifyAccessToken,
} from '@chat/server';

type IsAny<T> = 0 extends 1 & T ? true : false;
type NotAny<T> = IsAny<T> extends true ? 'is any' : 'typed';

const app = createApp({ keys: devKeys, authenticate: bearerJwtAuthenticator({ secret: 'x'.repeat(32) }) });
export const appTyped: NotAny<typeof app> = 'typed';
export const contextTyped: NotAny<Parameters<Parameters<typeof app.use>[0]>[0]> = 'typed';
export const handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> = app.callback();

const options: LocalServerOptions = { keys: devKeys, port: 0, dbPath: ':memory:' };
export const local: Promise<LocalServer> = createLocalServer(options);
export const localTyped: NotAny<Awaited<typeof local>> = 'typed';
export const running: NotAny<Awaited<ReturnType<typeof startServer>>> = 'typed';

const token: string = createAccessToken(devKeys, 'alice', { ttlSeconds: 3600 });
export const identity: string = verifyAccessToken(devKeys, token).identity;
export const keysFile: Promise<{ twilioApiSecret?: string }> = loadConfigFile('keys.json');

const problem = identityProblem('alice');
export const description: string | null = problem && describeNameProblem(problem, 'alice', 'identity');
export const channelProblem: NotAny<ReturnType<typeof channelNameProblem>> = 'typed';

export const store: ChatStore = createChatStore({ backend: localBackend({ url: 'http://localhost:3002' }) });
export const storeTyped: NotAny<ReturnType<typeof store.getState>> = 'typed';
