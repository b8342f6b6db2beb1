import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', '.cache/**', '*.vsix', 'test/fixtures/scripts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vscode', 'node:*', 'fs', 'path', 'os', 'worker_threads', '**/trace/**', '**/runtime/**', '**/host/**', '**/cli/**', '**/protocol/**'],
              message: 'engine/ imports nothing outside engine/ (it must run in a browser and a worker).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['*.config.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.mjs', 'scripts/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // the TypeScript server plugin: plain CommonJS, loaded by the TypeScript server with require()
    files: ['src/tsPlugin/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // the e2e suite runs in Node and evaluates functions inside the browser pages it drives
    files: ['test/e2e/**/*.mjs'],
    languageOptions: { globals: { setTimeout: 'readonly', performance: 'readonly', document: 'readonly' } },
  },
);
