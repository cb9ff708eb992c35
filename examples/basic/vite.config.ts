import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// `@chat/source` makes the workspace packages resolve to their TypeScript sources, so the example
// runs (and hot-reloads) against the library being edited without building it first.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@chat/source', ...defaultClientConditions] },
  // Pre-bundling these up front spares the first page load a "new dependencies found, reloading".
  optimizeDeps: {
    include: ['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime', 'react/jsx-dev-runtime'],
  },
  // The one chunk over 500 kB is the Twilio Conversations SDK, loaded only when that backend is chosen.
  // The SDKs' browser builds are CommonJS with their own EventEmitter and `global` lookups: the dev
  // server pre-bundles them (its scan finds the adapters' import()), the build bundles them as they
  // are; no polyfill is needed (the browser tests run both, on the Twilio emulator).
  build: { chunkSizeWarningLimit: 600 },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
});
