import { describe, expect, it } from 'vitest';
import { ConfigError, applyEnvOverrides, parseConfig } from './config';

const source = {
  id: 'support',
  kind: 'fonouc',
  baseUrl: 'https://pbx.example:9443',
  accountId: 'a'.repeat(32),
  domain: 'tenant',
  username: 'sup@tenant',
  password: '${FONOUC_PASSWORD}',
};

function problems(raw: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfig(raw, env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('config', () => {
  it('reads ${NAME} strings from the environment', () => {
    const c = parseConfig({ sources: [source] }, { FONOUC_PASSWORD: 's3cret' });
    const s = c.sources[0]!;
    expect(s.kind === 'fonouc' && s.password).toBe('s3cret');
    expect(c.listen).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(c.frameAncestors).toEqual(["'none'"]);
  });

  it('names the field whose environment variable is missing', () => {
    expect(problems({ sources: [source] })).toEqual([
      'sources[0].password: environment variable FONOUC_PASSWORD is not set',
    ]);
  });

  it('names each invalid field', () => {
    const p = problems(
      {
        listen: { port: 'eighty' },
        timeZone: 'Mars/Olympus',
        sources: [
          { ...source, password: 'x', baseUrl: 'ftp://x' },
          { ...source, password: 'x', kind: 'avaya' },
        ],
      },
      {},
    );
    expect(p.some((l) => l.startsWith('listen.port:'))).toBe(true);
    expect(p).toContain('timeZone: is not a known IANA time zone');
    expect(p.some((l) => l.startsWith('sources[0].baseUrl:'))).toBe(true);
    expect(p.some((l) => l.startsWith('sources[1].kind:'))).toBe(true);
  });

  it('rejects duplicate source ids and an empty source list', () => {
    expect(
      problems({
        sources: [
          { ...source, password: 'x' },
          { ...source, password: 'y' },
        ],
      }),
    ).toEqual(['sources[1].id: duplicate id "support"']);
    expect(problems({ sources: [] })).toEqual(['sources: add at least one source']);
  });

  it('checks the credential fields of each kind', () => {
    const p = problems({
      sources: [{ id: 'ai', kind: 'iqra', baseUrl: 'http://127.0.0.1:1/iqra' }],
    });
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sources\[0\]\.businessId:/),
        expect.stringMatching(/^sources\[0\]\.apiKey:/),
      ]),
    );
  });

  it('resolves the poll intervals of every source once: live 2 s, campaigns 30 s, or pollSeconds for both', () => {
    const iqra = { kind: 'iqra', baseUrl: 'http://127.0.0.1:1/iqra', businessId: 7, apiKey: 'k' };
    const while1 = { kind: 'while1', baseUrl: 'http://127.0.0.1:1/w1', apiToken: 't', apiKey: 'k' };
    const c = parseConfig({
      sources: [
        { ...source, password: 'x' },
        { ...source, id: 'fast', password: 'x', pollSeconds: 5 },
        { ...iqra, id: 'ai' },
        { ...iqra, id: 'ai-paced', pollSeconds: 10 },
        { ...while1, id: 'callbacks' },
      ],
    });
    const polling = Object.fromEntries(
      c.sources.map((s) => [s.id, [s.pollSeconds, s.campaignPollSeconds]]),
    );
    expect(polling).toEqual({
      support: [2, 30],
      fast: [5, 5],
      ai: [2, 30],
      'ai-paced': [10, 10],
      callbacks: [2, 30],
    });
  });

  it('lets PORT, HOST and QUEUEDECK_DATA_DIR override the file', () => {
    const c = parseConfig({ sources: [{ ...source, password: 'x' }] });
    const o = applyEnvOverrides(c, { PORT: '9000', HOST: '::1', QUEUEDECK_DATA_DIR: '/tmp/q' });
    expect(o.listen).toEqual({ host: '::1', port: 9000 });
    expect(o.dataDir).toBe('/tmp/q');
    expect(() => applyEnvOverrides(c, { PORT: 'abc' })).toThrow(/PORT/);
  });
});
