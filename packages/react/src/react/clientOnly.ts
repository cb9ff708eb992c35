/**
 * Stands in for a React binding (`ChatProvider`, `useChat`, `chatConnect`) where only server code
 * runs: a React Server Component, which gets the `react-server` entry of `@chat/react`. React has
 * no context or effects there, so the real binding could not even be imported; this one throws,
 * when used, an error that says where the binding belongs.
 */
export function clientOnly(name: string): () => never {
  return () => {
    throw new Error(
      `${name} from @chat/react runs in client components only, and this is a React Server ` +
        `Component. Use ${name} in a file that starts with 'use client' (for Next.js, see "Next.js ` +
        'App Router" in the README of @chat/react); on the server, createChatStore and ChatError work.',
    );
  };
}
