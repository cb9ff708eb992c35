/** Which chat service the example talks to, read once from Vite's env (see `.env.example`). */
export interface ExampleConfig {
  backend: 'local' | 'twilio-conversations';
  tokenUrl: string;
  localChatUrl: string;
}

const BACKENDS = ['local', 'twilio-conversations'] as const;

function readBackend(value: string | undefined): ExampleConfig['backend'] {
  const backend = (value ?? '').trim() || 'local';
  if ((BACKENDS as readonly string[]).includes(backend)) return backend as ExampleConfig['backend'];
  throw new Error(
    `VITE_CHAT_BACKEND is "${backend}"; set it to one of ${BACKENDS.join(', ')} (see examples/basic/.env.example).`,
  );
}

export const config: ExampleConfig = {
  backend: readBackend(import.meta.env.VITE_CHAT_BACKEND),
  tokenUrl: import.meta.env.VITE_TOKEN_URL || 'http://127.0.0.1:3001/token',
  localChatUrl: import.meta.env.VITE_LOCAL_CHAT_URL || 'http://127.0.0.1:3002',
};
