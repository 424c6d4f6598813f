import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { fileURLToPath } from 'node:url';

const gatewayUrl = process.env.QUEUEDECK_DEV_GATEWAY ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: {
      '@/': fileURLToPath(new URL('./src/', import.meta.url)),
      '@contract/': fileURLToPath(new URL('./contract/', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  preview: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: gatewayUrl, changeOrigin: false },
    },
  },
  server: {
    host: '127.0.0.1',
    // Keep the browser's Host: the gateway's CSRF check compares it with the Origin header.
    proxy: {
      '/api': { target: gatewayUrl, changeOrigin: false },
      '/healthz': { target: gatewayUrl, changeOrigin: false },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['{contract,gateway,simulator,scripts,bench}/**/*.test.ts', 'lint-rules/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['./src/test/setup.ts'],
        },
      },
    ],
  },
});
