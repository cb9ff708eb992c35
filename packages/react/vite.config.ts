import { defaultClientConditions, defineConfig } from 'vite';

// Library mode: one ES module per public entry. React and the Twilio SDKs stay external,
// so the main entry never contains SDK code and each backend is its own chunk. @chat/protocol (a
// devDependency) is not external: it is inlined, so the package keeps no runtime dependency, and
// '@chat/source' takes it from its TypeScript sources, so no build of it has to come first.
export default defineConfig({
  resolve: { conditions: ['@chat/source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    lib: {
      entry: {
        index: 'src/index.ts',
        'react-server': 'src/reactServer.ts',
        local: 'src/backends/local.ts',
        'twilio-conversations': 'src/backends/twilioConversations.ts',
        'twilio-chat': 'src/backends/twilioChat.ts',
      },
      formats: ['es'],
    },
    rollupOptions: {
      external: [/^react($|\/)/, /^react-dom($|\/)/, /^@twilio\/conversations/, /^twilio-chat/],
      // src/index.ts starts with 'use client' on purpose: Rolldown keeps an entry module's directive
      // at the top of its chunk (bundle-check.mjs fails if dist/index.js loses it), but warns that it
      // might not. The warning is about exactly this case, so it is dropped; any other stays.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('"use client" in "src/index.ts"'))
          return;
        handler(level, log);
      },
    },
  },
});
