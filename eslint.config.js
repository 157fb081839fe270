// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The domain (shared/, except its adapters) must not know AWS, middy or Lambda: those live in adapters and handlers. */
const domainRestrictions = {
  patterns: [
    { group: ['@aws-sdk/*', '@smithy/*'], message: 'The domain imports no AWS SDK: put this in the module adapters/ folder.' },
    { group: ['@middy/*'], message: 'middy belongs to handlers (functions/), not the domain.' },
    { group: ['aws-lambda', '@types/aws-lambda'], message: 'Lambda types belong to handlers (functions/), not the domain.' },
    { group: ['@aws-lambda-powertools/*'], message: 'Observability lives in shared/kernel/adapters/observability.ts.' },
    { group: ['**/functions/**', '**/infra/**', '**/local/**'], message: 'The domain depends on nothing outside shared/.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local-data/', 'test-results/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['functions/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['functions/**/*.ts', 'shared/**/*.ts', 'workflows/**/*.ts', 'infra/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/local/**', '**/test/**', '**/bench/**'], message: 'Only tests and scripts import local/, test/ or bench/.' }] },
      ],
    },
  },
  {
    // Handlers run what the CDK app deploys but never import it: what both read lives in wiring/.
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/local/**', '**/test/**', '**/bench/**'], message: 'Only tests and scripts import local/, test/ or bench/.' },
            { group: ['**/infra/**', 'aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'], message: 'functions/ import no CDK code: read the shared wiring from wiring/.' },
          ],
        },
      ],
    },
  },
  {
    // Read by the CDK app, the Lambdas and the local stack alike: no CDK, no handlers, no local stack.
    files: ['wiring/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', '**/infra/**'], message: 'wiring/ is CDK-free: the CDK app reads it, not the other way round.' },
            { group: ['**/functions/**', '**/local/**', '**/test/**', '**/bench/**'], message: 'wiring/ reads only shared/ and workflows/.' },
          ],
        },
      ],
    },
  },
  {
    // The dashboard's browser scripts, served as they are (type-checked by functions/dashboard/tsconfig.client.json).
    files: ['functions/dashboard/assets/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['document', 'location', 'history', 'sessionStorage', 'fetch', 'URL', 'URLSearchParams', 'Intl', 'ResizeObserver', 'Node', 'Element', 'HTMLElement', 'HTMLFormElement', 'HTMLInputElement', 'HTMLButtonElement', 'SVGElement'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/adapters/**'],
    rules: { 'no-restricted-imports': ['error', domainRestrictions] },
  },
  {
    // `import { z } from 'zod'` pulls zod's whole namespace, every locale included, into each Lambda
    // bundle (about 450 KB minified); `import * as z from 'zod'` lets esbuild keep what is used (about 75 KB).
    files: ['functions/**/*.ts', 'shared/**/*.ts', 'workflows/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Use `import * as z from 'zod'`: the named `z` import defeats tree-shaking and adds every zod locale to each Lambda bundle.",
        },
      ],
    },
  },
);
