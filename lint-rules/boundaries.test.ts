// Proves the house rules in eslint.config.js bite: each boundary fails on a violating import and
// passes on an allowed one. The linted paths need not exist: the config's resolver maps imports to
// where the file would be, so a module nobody has written yet is still inside its zone.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: root,
    overrideConfigFile: path.join(root, 'eslint.config.js'),
    // The fixtures are not on disk, so the type-aware promise rules (and the project service they
    // need) cannot run on them; none of the rules tested here uses type information.
    overrideConfig: tseslint.configs.disableTypeChecked,
  });
});

async function lint(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  if (!result) throw new Error(`no lint result for ${filePath}`);
  return result.messages;
}

/** Messages of one rule, so an unrelated rule never makes a boundary look enforced. */
async function violations(filePath: string, code: string, ruleId: string): Promise<string[]> {
  const messages = await lint(filePath, code);
  const fatal = messages.filter((m) => m.fatal);
  expect(fatal, 'the fixture must parse').toEqual([]);
  return messages.filter((m) => m.ruleId === ruleId).map((m) => m.message);
}

const paths = (file: string, code: string) =>
  violations(file, code, 'import-x/no-restricted-paths');

describe('import boundaries (import-x/no-restricted-paths)', () => {
  // Cross-feature and vendor zones are generated from the folders on disk (eslint.config.js), so
  // the imported side of those fixtures must exist; the importing side need not.
  it.each(['src/features/queues', 'gateway/connectors/fonouc'])('%s exists', (dir) => {
    expect(existsSync(path.join(root, dir)), `${dir} is needed by the fixtures below`).toBe(true);
  });

  describe('fails on a violating import', () => {
    it.each([
      [
        'a feature importing another feature by alias',
        'src/features/agents/x.ts',
        "import { queuesQuery } from '@/features/queues/api/queues-queries';\nexport const q = queuesQuery;\n",
        /another feature/,
      ],
      [
        'a feature importing another feature relatively',
        'src/features/agents/components/agent-grid.tsx',
        "import { queuesQuery } from '../../queues/api/queues-queries';\nexport const q = queuesQuery;\n",
        /another feature/,
      ],
      [
        'src importing the gateway relatively',
        'src/lib/x.ts',
        "import { buildApp } from '../../gateway/app';\nexport const app = buildApp;\n",
        /src\/ never imports gateway\/ or simulator\//,
      ],
      [
        'src importing the gateway through the @/ alias',
        'src/features/agents/x.ts',
        "import { buildApp } from '@/../gateway/app';\nexport const app = buildApp;\n",
        /src\/ never imports gateway\/ or simulator\//,
      ],
      [
        'src importing the gateway as a baseUrl path (type only)',
        'src/app/router.tsx',
        "import type { Config } from 'gateway/config';\nexport type C = Config;\n",
        /src\/ never imports gateway\/ or simulator\//,
      ],
      [
        'src importing the simulator dynamically',
        'src/app/main.tsx',
        "export const load = () => import('../../simulator/cli');\n",
        /src\/ never imports gateway\/ or simulator\//,
      ],
      [
        'the gateway importing the simulator',
        'gateway/services/pollers.ts',
        "import { createClock } from '../../simulator/model/clock';\nexport const clock = createClock;\n",
        /gateway\/ never imports src\/ or simulator\//,
      ],
      [
        'the gateway importing the SPA',
        'gateway/app.ts',
        "import { cn } from '@/lib/cn';\nexport const x = cn;\n",
        /gateway\/ never imports src\/ or simulator\//,
      ],
      [
        'the simulator importing the contract',
        'simulator/model/queues.ts',
        "import { Queue } from '@contract/queue';\nexport const q = Queue;\n",
        /simulator\/ imports nothing of ours/,
      ],
      [
        'the simulator re-exporting from the gateway',
        'simulator/dialects/fonouc/routes.ts',
        "export * from '../../../gateway/connectors/types';\n",
        /simulator\/ imports nothing of ours/,
      ],
      [
        'the contract importing the gateway',
        'contract/queue.ts',
        "import { Config } from '../gateway/config';\nexport const c = Config;\n",
        /contract\/ is imported by src\/ and gateway\//,
      ],
      [
        'a shared component importing a feature',
        'src/components/ui/data-table.tsx',
        "import { queuesQuery } from '@/features/queues/api/queues-queries';\nexport const q = queuesQuery;\n",
        /shared code imports neither features nor app/,
      ],
      [
        'lib importing app',
        'src/lib/format.ts',
        "import { router } from '@/app/router';\nexport const r = router;\n",
        /shared code imports neither features nor app/,
      ],
      [
        'a feature importing app',
        'src/features/queues/components/queue-table.tsx',
        "import { router } from '../../../app/router';\nexport const r = router;\n",
        /routes in src\/app\/ compose features/,
      ],
      [
        'a gateway route importing a vendor internal',
        'gateway/routes/queues.ts',
        "import { toDomain } from '../connectors/fonouc/to-domain';\nexport const t = toDomain;\n",
        /Vendor shapes stay inside gateway\/connectors\/fonouc\//,
      ],
      [
        'one connector importing another vendor internal',
        'gateway/connectors/portsip/client.ts',
        "import { login } from '../fonouc/auth';\nexport const l = login;\n",
        /Vendor shapes stay inside gateway\/connectors\/fonouc\//,
      ],
    ])('%s', async (_name, file, code, message) => {
      const found = await paths(file, code);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(message);
    });
  });

  describe('passes on an allowed import', () => {
    it.each([
      [
        'a feature importing components, lib and the contract',
        'src/features/agents/components/agent-grid.tsx',
        [
          "import { DataTable } from '@/components/ui/data-table';",
          "import { cn } from '@/lib/cn';",
          "import { Agent } from '@contract/agent';",
          "import { useQuery } from '@tanstack/react-query';",
          'export const parts = [DataTable, cn, Agent, useQuery];',
          '',
        ].join('\n'),
      ],
      [
        'a feature importing its own modules',
        'src/features/queues/components/queue-table.tsx',
        "import { queuesQuery } from '../api/queues-queries';\nimport { x } from '@/features/queues/queues-store';\nexport const q = [queuesQuery, x];\n",
      ],
      [
        'app composing features',
        'src/app/router.tsx',
        "import { QueuesView } from '@/features/queues/components/queues-view';\nimport { SignIn } from '@/features/auth/components/sign-in-form';\nexport const v = [QueuesView, SignIn];\n",
      ],
      [
        'the gateway importing the contract and a connector entry',
        'gateway/app.ts',
        [
          "import { Queue } from '@contract/queue';",
          "import { createFonoucConnector } from './connectors/fonouc/connector';",
          "import type { LiveData } from './connectors/types';",
          "import { z } from 'zod';",
          'export const parts = [Queue, createFonoucConnector, z];',
          'export type L = LiveData;',
          '',
        ].join('\n'),
      ],
      [
        'a connector importing its own internals',
        'gateway/connectors/fonouc/connector.ts',
        "import { toDomain } from './to-domain';\nimport { VendorError } from '../types';\nexport const c = [toDomain, VendorError];\n",
      ],
      [
        'the simulator importing itself and packages',
        'simulator/dialects/fonouc/routes.ts',
        "import { clock } from '../../model/clock';\nimport Fastify from 'fastify';\nexport const s = [clock, Fastify];\n",
      ],
      [
        'the contract importing itself',
        'contract/queue.ts',
        "import { SourceId } from './common';\nimport { z } from 'zod';\nexport const q = [SourceId, z];\n",
      ],
      [
        'the composition script importing gateway and simulator',
        'scripts/start.ts',
        "import { buildApp } from '../gateway/app';\nimport { startSimulator } from '../simulator/server';\nexport const s = [buildApp, startSimulator];\n",
      ],
    ])('%s', async (_name, file, code) => {
      expect(await paths(file, code)).toEqual([]);
    });
  });
});

describe('SPA safety and layout (no-restricted-syntax)', () => {
  it('fails on dangerouslySetInnerHTML in src', async () => {
    const found = await violations(
      'src/components/ui/note.tsx',
      'export const Note = ({ html }: { html: string }) => <p dangerouslySetInnerHTML={{ __html: html }} />;\n',
      'no-restricted-syntax',
    );
    expect(found).toEqual([expect.stringMatching(/No dangerouslySetInnerHTML/)]);
  });

  it('passes on plain text children', async () => {
    const found = await violations(
      'src/components/ui/note.tsx',
      'export const Note = ({ text }: { text: string }) => <p>{text}</p>;\n',
      'no-restricted-syntax',
    );
    expect(found).toEqual([]);
  });

  it('fails on a barrel index.ts inside a feature', async () => {
    const found = await violations(
      'src/features/queues/index.ts',
      "export * from './api/queues-queries';\n",
      'no-restricted-syntax',
    );
    expect(found).toEqual([expect.stringMatching(/No barrel index\.ts inside features/)]);
  });

  it('passes on index.ts outside features', async () => {
    const found = await violations(
      'src/components/ui/table/index.ts',
      'export const x = 1;\n',
      'no-restricted-syntax',
    );
    expect(found).toEqual([]);
  });
});

describe('TypeScript strictness', () => {
  it('fails on an explicit any', async () => {
    const messages = await lint('src/lib/x.ts', 'export const parse = (v: any) => v;\n');
    expect(messages).toContainEqual(
      expect.objectContaining({ ruleId: '@typescript-eslint/no-explicit-any', severity: 2 }),
    );
  });
});

describe('only gateway/store/ talks to the database', () => {
  it.each([
    [
      'a service importing the SQLite driver',
      'gateway/services/x.ts',
      "import Database from 'better-sqlite3';\nexport const d = Database;\n",
      'no-restricted-imports',
    ],
    [
      'a route importing the query builder',
      'gateway/routes/x.ts',
      "import { sql } from 'kysely';\nexport const s = sql;\n",
      'no-restricted-imports',
    ],
    [
      'a script importing the PostgreSQL driver',
      'scripts/x.ts',
      "import pg from 'pg';\nexport const p = pg;\n",
      'no-restricted-imports',
    ],
    [
      'the SPA importing a driver',
      'src/lib/x.ts',
      "import pg from 'pg';\nexport const p = pg;\n",
      'no-restricted-imports',
    ],
    [
      'a service holding SQL text',
      'gateway/services/x.ts',
      "export const q = 'SELECT * FROM users WHERE id = ?';\n",
      'no-restricted-syntax',
    ],
    [
      'a route holding a SQL template',
      'gateway/routes/x.ts',
      'export const q = (t: string) => `DELETE FROM ${t} WHERE at < ?`;\n',
      'no-restricted-syntax',
    ],
  ])('fails on %s', async (_name, file, code, rule) => {
    expect(await violations(file, code, rule)).toEqual([
      expect.stringMatching(/Only gateway\/store\//),
    ]);
  });

  it.each([
    [
      'the store importing its drivers',
      'gateway/store/x.ts',
      "import Database from 'better-sqlite3';\nimport { sql } from 'kysely';\nexport const q = [Database, sql, 'SELECT 1 '];\n",
    ],
    [
      'a service using the store',
      'gateway/services/x.ts',
      "import type { Store } from '../store/store';\nexport const label = 'Select a queue';\nexport type S = Store;\n",
    ],
  ])('passes on %s', async (_name, file, code) => {
    expect(await violations(file, code, 'no-restricted-imports')).toEqual([]);
    expect(await violations(file, code, 'no-restricted-syntax')).toEqual([]);
  });
});
