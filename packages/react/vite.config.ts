import { defineConfig } from 'vite';

// Library mode: one ES module per public entry. React and the Twilio SDKs stay external,
// so the main entry never contains SDK code and each backend is its own chunk.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    lib: {
      entry: {
        index: 'src/index.ts',
        local: 'src/backends/local.ts',
        'twilio-conversations': 'src/backends/twilioConversations.ts',
        'twilio-chat': 'src/backends/twilioChat.ts',
      },
      formats: ['es'],
    },
    rollupOptions: {
      external: [/^react($|\/)/, /^react-dom($|\/)/, /^@twilio\/conversations/, /^twilio-chat/],
    },
  },
});
