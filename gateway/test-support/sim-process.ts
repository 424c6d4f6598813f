import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface SimProcess {
  url: string;
  credentials: {
    fonouc: {
      baseUrl: string;
      accountId: string;
      domain: string;
      username: string;
      password: string;
    };
    portsip: { baseUrl: string; domain: string; username: string; password: string };
    iqra?: { baseUrl: string; businessId: string; apiKey: string; flavor: 'docs' };
    'iqra-server'?: { baseUrl: string; businessId: string; apiKey: string; flavor: 'server' };
    while1?: { baseUrl: string; apiToken: string; apiKey: string };
  };
  /** POST/GET/DELETE on the simulator's own /__sim/ control API. */
  control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, '../..');

/**
 * Starts the simulator as its own process, exactly as an operator would, so gateway tests reach it
 * only over HTTP (the gateway never imports the simulator).
 */
export async function startSimProcess(args: string[] = []): Promise<SimProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'simulator/cli.ts', '--port', '0', '--json', ...args],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const info = await new Promise<Pick<SimProcess, 'url' | 'credentials'>>((resolveInfo, reject) => {
    let buf = '';
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () => reject(new Error('simulator did not start within 30 s')),
      30_000,
    );
    rl.on('line', (line) => {
      buf += line + '\n';
      try {
        const parsed = JSON.parse(buf) as Pick<SimProcess, 'url' | 'credentials'>;
        clearTimeout(timer);
        rl.close();
        resolveInfo(parsed);
      } catch {
        // not complete yet
      }
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const control = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => {
    const res = await fetch(`${info.url}/__sim/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`/__sim/${path}: HTTP ${res.status} ${text}`);
    return text ? (JSON.parse(text) as unknown) : null;
  };
  return {
    ...info,
    control,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
