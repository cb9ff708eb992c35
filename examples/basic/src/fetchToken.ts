import { config } from './config';

/**
 * Asks the token server for an access token for `identity`. The store calls it again whenever the
 * token is about to expire, so it must always fetch a fresh one.
 */
export async function fetchToken(identity: string): Promise<string> {
  const response = await fetch(config.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ identity }),
  });
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new Error(
      `The token server at ${config.tokenUrl} answered ${response.status}: ${text.slice(0, 200)}`,
    );
  }
  const { token } = (await response.json()) as { token?: unknown };
  if (typeof token !== 'string') throw new Error(`The token server at ${config.tokenUrl} sent no token.`);
  return token;
}
