// Builds the dashboard into web/dist, which `readout serve` serves with a per-response CSP nonce.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline polyfill script: the CSP allows only the nonce'd entry and what it loads.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    // `npx vite --config web/vite.config.ts` with `readout serve` running on 8080.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
