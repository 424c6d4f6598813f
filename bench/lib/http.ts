import http from 'node:http';

/**
 * A minimal sequential HTTP/1.1 client on one keep-alive socket. The timer runs from the call
 * until the last body byte has arrived; parsing the body is left to the caller, outside the timing.
 */

export interface BenchRequest {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/portsip/api/call_queues`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface BenchResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Request start to last body byte, ms. */
  ms: number;
}

export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string) {
    const u = new URL(baseUrl);
    this.host = u.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(u.port);
  }

  request(r: BenchRequest): Promise<BenchResponse> {
    const body = r.body === undefined ? undefined : Buffer.from(r.body);
    const headers: Record<string, string | number> = { ...r.headers };
    if (body) headers['content-length'] = body.length;
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request(
        {
          host: this.host,
          port: this.port,
          method: r.method,
          path: r.path,
          agent: this.agent,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
              ms: performance.now() - t0,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** JSON POST helper. */
  postJson(
    path: string,
    value: unknown,
    headers: Record<string, string> = {},
  ): Promise<BenchResponse> {
    return this.request({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(value),
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Parses a JSON answer or throws with the status and the start of the body. */
export function json(res: BenchResponse): unknown {
  try {
    return JSON.parse(res.body.toString('utf8')) as unknown;
  } catch {
    throw new Error(`HTTP ${res.status}: not JSON: ${res.body.toString('utf8').slice(0, 200)}`);
  }
}
