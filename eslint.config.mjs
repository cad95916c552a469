import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '**/*.log',
      '**/npm-debug.log*',
      '**/yarn-debug.log*',
      '**/yarn-error.log*',
      '**/.pnpm-debug.log*',
      '**/node_modules/',
      '.yarn/cache',
      '.yarn/unplugged',
      '.yarn/build-state.yml',
      '.yarn/install-state.gz',
      '**/.pnp.*',
      '**/pids',
      '**/*.pid',
      '**/*.seed',
      '**/*.pid.lock',
      '**/lib-cov',
      '**/coverage',
      '**/dist/',
      '**/artifacts/',
      '**/work/',
      '**/ci/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.idea',
      '**/.eslintcache',
      'harness/dist/',
      'harness/.build/',
      'backend/demo/knowledge/',
      'harness/screenshots/',
    ],
  },
  ...baseConfig,
  {
    // The TVM service: plain Node + TypeScript, typed against its own tsconfig.
    files: ['backend/src/**/*.ts'],
    languageOptions: {
      parserOptions: {
        project: './backend/tsconfig.json',
      },
    },
  },
  {
    // Repository-level TypeScript outside src/ and backend/, each typed against its own tsconfig.
    files: ['deploy/**/*.ts'],
    languageOptions: { parserOptions: { project: './deploy/tsconfig.json' } },
  },
  {
    files: ['harness/**/*.ts', 'harness/**/*.tsx'],
    languageOptions: { parserOptions: { project: './harness/tsconfig.json' } },
  },
  {
    files: ['dashboards/**/*.ts'],
    languageOptions: { parserOptions: { project: './dashboards/src/tsconfig.json' } },
  },
]);
