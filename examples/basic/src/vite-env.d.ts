/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** `local` (default) or `twilio-conversations`. */
  readonly VITE_CHAT_BACKEND?: string;
  /** Token endpoint of `@chat/server`. */
  readonly VITE_TOKEN_URL?: string;
  /** Base URL of `@chat/local-server`. */
  readonly VITE_LOCAL_CHAT_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
