/**
 * `npm run dev`: the gateway (with the embedded simulator) restarted on every change of gateway/,
 * contract/ or simulator/, and Vite with hot reload proxying /api to it.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createServer } from 'vite';

const root = resolve(import.meta.dirname, '..');
const port = process.env.PORT ?? '8080';
const gateway = spawn(process.execPath, ['--import', 'tsx', '--watch', 'scripts/start.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PORT: port, QUEUEDECK_SKIP_BUILD: '1' },
});

process.env.QUEUEDECK_DEV_GATEWAY = `http://127.0.0.1:${port}`;
const vite = await createServer({ root, configFile: resolve(root, 'vite.config.ts') });
await vite.listen(5173);
vite.printUrls();

const stop = async () => {
  gateway.kill('SIGTERM');
  await vite.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
