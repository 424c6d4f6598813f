import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_PASSWORD, startProduct, stopProduct, type Product } from '../../bench/lib/product';

/**
 * A product of one's own (gateway + embedded simulator on the built SPA) for specs that inject
 * simulator faults: faults are global to a simulator, and the shared e2e web server is used by
 * the other worker at the same time. `scripts/start.ts` on a port the OS picks (PORT=0), with a
 * fresh data dir; `npm run test:e2e` has built dist/ already (QUEUEDECK_SKIP_BUILD=1, as the
 * shared web server does, so two workers never rebuild it at once).
 */
export interface PrivateProduct extends Product {
  adminPassword: string;
  dataDir: string;
}

export async function startPrivateProduct(env: Record<string, string>): Promise<PrivateProduct> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'queuedeck-e2e-private-'));
  const product = await startProduct(0, dataDir, { QUEUEDECK_SKIP_BUILD: '1', ...env }, 120_000);
  return { ...product, adminPassword: ADMIN_PASSWORD, dataDir };
}

export async function stopPrivateProduct(p: PrivateProduct): Promise<void> {
  await stopProduct(p);
  fs.rmSync(p.dataDir, { recursive: true, force: true });
}
