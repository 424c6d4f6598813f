import { defineConfig } from 'vitest/config';
import type { Logger, Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { fileURLToPath } from 'node:url';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

/** Text the gateway serves from the build: what compresses well and is fetched by every screen. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt|xml|map)$/;
/** Smaller files are sent as they are: compression saves less than its framing and headers cost. */
const PRECOMPRESS_MIN_BYTES = 1024;

/**
 * Writes `<file>.br` (brotli 11) and `<file>.gz` (gzip 9) beside every compressible file of the
 * build, so the gateway serves them as they are (@fastify/static `preCompressed`) and never
 * compresses a static file per request. The highest levels are affordable here: they are paid once
 * per build, not per request. A form is kept only when it is smaller than the file.
 */
function precompress(): Plugin {
  const brotli = promisify(brotliCompress);
  const gzipAsync = promisify(gzip);
  let logger: Logger | null = null;
  return {
    name: 'queuedeck:precompress',
    apply: 'build',
    configResolved(config) {
      logger = config.logger;
    },
    writeBundle: {
      // After every other plugin has written; the public files were copied before the bundle.
      order: 'post',
      sequential: true,
      async handler(options) {
        const outDir = options.dir;
        if (!outDir) return;
        const names = (await readdir(outDir, { recursive: true })).filter((name) =>
          COMPRESSIBLE.test(name),
        );
        let written = 0;
        await Promise.all(
          names.map(async (name) => {
            const path = join(outDir, name);
            const file = await readFile(path);
            if (file.length < PRECOMPRESS_MIN_BYTES) return;
            const [br, gz] = await Promise.all([
              brotli(file, {
                params: {
                  [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
                  [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
                  [zlibConstants.BROTLI_PARAM_SIZE_HINT]: file.length,
                },
              }),
              gzipAsync(file, { level: zlibConstants.Z_BEST_COMPRESSION }),
            ]);
            if (br.length < file.length) await writeFile(`${path}.br`, br);
            if (gz.length < file.length) await writeFile(`${path}.gz`, gz);
            written++;
          }),
        );
        logger?.info(`precompressed ${written} files (.br, .gz)`);
      },
    },
  };
}

const gatewayUrl = process.env.QUEUEDECK_DEV_GATEWAY ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), tailwindcss(), precompress()],
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
          include: [
            '{contract,gateway,simulator,scripts,bench}/**/*.test.ts',
            'lint-rules/**/*.test.ts',
          ],
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
