/** Which chat service the example talks to, read once from Vite's env (see `.env.example`). */
export interface ExampleConfig {
  backend: 'local' | 'twilio-conversations' | 'twilio-chat';
  tokenUrl: string;
  localChatUrl: string;
  /**
   * Twilio backends: the `@chat/local-server` whose Twilio emulator stands in for Twilio (no
   * account needed), or null to talk to Twilio itself.
   */
  twilioEmulatorUrl: string | null;
}

const BACKENDS = ['local', 'twilio-conversations', 'twilio-chat'] as const;

function readBackend(value: string | undefined): ExampleConfig['backend'] {
  const backend = (value ?? '').trim() || 'local';
  const known = BACKENDS.find((name) => name === backend);
  if (known) return known;
  throw new Error(
    `VITE_CHAT_BACKEND is "${backend}"; set it to one of ${BACKENDS.join(', ')} (see examples/basic/.env.example).`,
  );
}

function readUrl(name: string, value: string | undefined): string | null {
  const url = (value ?? '').trim();
  if (url === '') return null;
  if (/^https?:\/\/[^/]/.test(url)) return url.replace(/\/+$/, '');
  throw new Error(
    `${name} is "${url}"; set it to an http(s) URL, or leave it empty (see examples/basic/.env.example).`,
  );
}

export const config: ExampleConfig = {
  backend: readBackend(import.meta.env.VITE_CHAT_BACKEND),
  tokenUrl: import.meta.env.VITE_TOKEN_URL || 'http://127.0.0.1:3001/token',
  localChatUrl: import.meta.env.VITE_LOCAL_CHAT_URL || 'http://127.0.0.1:3002',
  twilioEmulatorUrl: readUrl('VITE_TWILIO_EMULATOR_URL', import.meta.env.VITE_TWILIO_EMULATOR_URL),
};
