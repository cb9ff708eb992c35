/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** `local` (default), `twilio-conversations` or `twilio-chat`. */
  readonly VITE_CHAT_BACKEND?: string;
  /** Token endpoint of `@chat/server`. */
  readonly VITE_TOKEN_URL?: string;
  /** Base URL of `@chat/local-server`. */
  readonly VITE_LOCAL_CHAT_URL?: string;
  /** Twilio backends: the `@chat/local-server` whose Twilio emulator to use; empty for Twilio itself. */
  readonly VITE_TWILIO_EMULATOR_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
