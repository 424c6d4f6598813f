// Lint for Queuedeck. The import boundaries below are the "Rules of the house" in
// docs/architecture.md#house-rules; lint-rules/boundaries.test.ts proves each one fails and passes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig, globalIgnores } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

const root = path.dirname(fileURLToPath(import.meta.url));
const at = (...parts) => path.join(root, ...parts);

/** Top-level folders that tsconfig's `baseUrl: "."` lets code import as bare specifiers. */
const rootFolders = ['src', 'contract', 'gateway', 'simulator', 'e2e', 'bench', 'scripts'];
const sourceExtensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];

function existingFile(base) {
  const candidates = [base];
  // ESM-style TypeScript imports name the emitted `.js`; the file on disk is `.ts`/`.tsx`.
  if (/\.[mc]?jsx?$/.test(base)) {
    const stem = base.replace(/\.([mc]?)jsx?$/, '');
    candidates.push(`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`);
  }
  for (const ext of sourceExtensions) candidates.push(base + ext);
  for (const ext of sourceExtensions) candidates.push(path.join(base, `index${ext}`));
  return candidates.find((file) => {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * Resolves our own modules (relative, `@/`, `@contract/`, baseUrl-rooted) to an absolute path even
 * when the file does not exist yet. import-x/no-restricted-paths silently skips anything it cannot
 * resolve, so a strict resolver would let an import of a not-yet-written module slip through every
 * boundary. Packages are left unresolved: they are never inside a restricted zone.
 */
const projectResolver = {
  interfaceVersion: 3,
  name: 'queuedeck-project-paths',
  resolve(specifier, sourceFile) {
    const clean = specifier.replace(/[?#].*$/, '');
    let base;
    if (clean.startsWith('@/')) base = at('src', clean.slice(2));
    else if (clean.startsWith('@contract/'))
      base = at('contract', clean.slice('@contract/'.length));
    else if (clean.startsWith('.') || path.isAbsolute(clean)) {
      base = path.resolve(path.dirname(sourceFile), clean);
    } else if (rootFolders.includes(clean.split('/')[0] ?? '')) base = at(clean);
    else return { found: false };
    const file = existingFile(base);
    if (file) return { found: true, path: file };
    // Not written yet: guess the TypeScript file, so `connector` still matches `connector.ts`.
    return { found: true, path: /\.[a-z]+$/i.test(path.basename(base)) ? base : `${base}.ts` };
  },
};

function subfolders(dir) {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

// One zone per feature that exists, restricting every *other* feature folder (extglob target), so
// a brand-new importing feature is covered without being listed anywhere.
const features = subfolders(at('src/features'));
const crossFeatureZones = features.map((feature) => ({
  target: `src/features/!(${feature})/**`,
  from: `src/features/${feature}`,
  message: `src/features/${feature} is another feature: compose features in src/app/, share UI via src/components/ and logic via src/lib/.`,
}));

// A vendor's shapes never leave gateway/connectors/<vendor>/: outside it, only the connector's
// public entry (connector.ts) may be imported. gateway/connectors/types.ts is shared by all.
const vendors = subfolders(at('gateway/connectors'));
const vendorZones = vendors.map((vendor) => ({
  target: [
    'gateway/*',
    'gateway/!(connectors)/**',
    'gateway/connectors/*',
    `gateway/connectors/!(${vendor})/**`,
  ],
  from: `gateway/connectors/${vendor}`,
  except: ['./connector.ts'],
  message: `Vendor shapes stay inside gateway/connectors/${vendor}/: import its public entry gateway/connectors/${vendor}/connector.ts (or the shared gateway/connectors/types.ts).`,
}));

const boundaryZones = [
  {
    target: 'src',
    from: ['gateway', 'simulator'],
    message: 'src/ never imports gateway/ or simulator/: the SPA reaches the gateway over /api/v1.',
  },
  {
    target: 'gateway',
    from: ['src', 'simulator'],
    message:
      'gateway/ never imports src/ or simulator/: it reaches the simulator over HTTP, like a vendor.',
  },
  {
    target: 'simulator',
    from: ['src', 'gateway', 'contract'],
    message:
      'simulator/ imports nothing of ours: it implements the vendor documents independently.',
  },
  {
    target: 'contract',
    from: ['src', 'gateway', 'simulator'],
    message: 'contract/ is imported by src/ and gateway/, and imports neither.',
  },
  ...crossFeatureZones,
  {
    target: ['src/components', 'src/lib'],
    from: ['src/features', 'src/app'],
    message:
      'Imports flow app → features → components/lib: shared code imports neither features nor app.',
  },
  {
    target: 'src/features',
    from: 'src/app',
    message: 'Imports flow app → features → components/lib: routes in src/app/ compose features.',
  },
  ...vendorZones,
];

/** Files in tsconfig.json's program, which the type-aware rules need. */
const typedFiles = [
  '{src,contract,gateway,simulator,e2e,bench,scripts}/**/*.{ts,tsx}',
  '*.config.ts',
];

const noDangerousHtml = {
  selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
  message: 'No dangerouslySetInnerHTML: render text, vendor data is untrusted.',
};
const noBarrel = {
  selector: 'Program',
  message:
    'No barrel index.ts inside features: import the module you need by its own path (see docs/architecture.md).',
};

// Only gateway/store/ sees a database: its drivers, its query builder and SQL text. Everything else
// goes through the store's interface (docs/architecture.md#the-store). The simulator is exempt: it
// stands in for the vendors' own systems, which keep their own databases.
const storeOnlyMessage =
  'Only gateway/store/ talks to the database: call the store interface (gateway/store/store.ts) instead.';
const databaseRestriction = {
  paths: ['better-sqlite3', 'pg', 'kysely', 'postgres', 'sqlite3'].map((name) => ({
    name,
    message: storeOnlyMessage,
  })),
  patterns: [{ group: ['pg-*', 'kysely/*', 'better-sqlite3/*'], message: storeOnlyMessage }],
};
const sqlText =
  '/^\\s*(SELECT |INSERT INTO |INSERT OR |UPDATE \\w+ SET |DELETE FROM |CREATE (UNIQUE )?(TABLE|INDEX) |ALTER TABLE |DROP (TABLE|INDEX) |PRAGMA )/';
const noSqlText = [
  { selector: `Literal[value=${sqlText}]`, message: storeOnlyMessage },
  { selector: `TemplateElement[value.raw=${sqlText}]`, message: storeOnlyMessage },
];

export default defineConfig(
  globalIgnores(
    [
      '**/node_modules/**',
      '**/dist/**',
      'test-results/**',
      'playwright-report/**',
      'blob-report/**',
      'data/**',
      'bench/out/**',
      'coverage/**',
      '.vite/**',
      'src/routeTree.gen.ts',
    ],
    'queuedeck/ignores',
  ),
  {
    name: 'queuedeck/lint-options',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'queuedeck/typescript',
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Tests read untyped wire JSON; `any` there is the honest type of a vendor answer under test.
    name: 'queuedeck/tests',
    files: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // A small type-aware set: a dropped promise in a poller or an event handler fails silently.
    // The rest of the type checking is tsc's job (npm run typecheck).
    name: 'queuedeck/typed-promises',
    files: typedFiles,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    name: 'queuedeck/node-globals',
    files: [
      'gateway/**',
      'simulator/**',
      'contract/**',
      'scripts/**',
      'e2e/**',
      'bench/**',
      'lint-rules/**',
      '*.config.{js,ts,mjs,cjs}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'queuedeck/browser-globals',
    files: ['src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    name: 'queuedeck/boundaries',
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [projectResolver] },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: boundaryZones }],
    },
  },
  {
    name: 'queuedeck/store-only',
    files: [
      '{gateway,scripts,bench,e2e,contract,lint-rules}/**/*.{ts,tsx,js,mjs}',
      '*.config.{js,ts}',
    ],
    ignores: ['gateway/store/**', 'lint-rules/**'],
    rules: {
      'no-restricted-imports': ['error', databaseRestriction],
      'no-restricted-syntax': ['error', ...noSqlText],
    },
  },
  {
    name: 'queuedeck/store-only-spa',
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', databaseRestriction],
    },
  },
  {
    name: 'queuedeck/react',
    files: ['src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    ...jsxA11y.flatConfigs.recommended,
    name: 'queuedeck/a11y',
    files: ['src/**/*.tsx'],
  },
  {
    name: 'queuedeck/spa-safety',
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'no-restricted-syntax': ['error', noDangerousHtml] },
  },
  {
    // Flat config replaces a rule's options per block, so both selectors are repeated here.
    name: 'queuedeck/no-feature-barrels',
    files: ['src/features/**/index.{ts,tsx,js,jsx}'],
    rules: { 'no-restricted-syntax': ['error', noDangerousHtml, noBarrel] },
  },
);
