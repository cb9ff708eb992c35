import { localBackend } from '@chat/react/local';

/** Where `npx @chat/server` answers tokens (VITE_TOKEN_URL at build time). */
export const TOKEN_URL: string = import.meta.env.VITE_TOKEN_URL ?? 'http://localhost:3001/token';
/** Where `npx @chat/local-server` listens (VITE_CHAT_URL at build time). */
export const CHAT_URL: string = import.meta.env.VITE_CHAT_URL ?? 'http://localhost:3002';

/** Created once, outside render, as ChatProvider reads its backend once. */
export const backend = localBackend({ url: CHAT_URL });

/** Asks the token server for `identity`'s chat token. */
export async function getToken(identity: string): Promise<string> {
  const response = await fetch(TOKEN_URL, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ identity }),
  });
  if (!response.ok) throw new Error(`token server answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
