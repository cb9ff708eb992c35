import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// https://vite.dev/config/ (as `npm create vite` writes it)
export default defineConfig({
  plugins: [react()],
});
