import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', '.data/', 'jest.config.js', '.dependency-cruiser.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // The domain is pure: no Slack, no database, no files, no clock of its own.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@slack/*', 'mongoose', 'mongodb', 'node:*', 'fs', 'path', 'handlebars', 'dotenv'], message: 'src/domain stays free of adapters.' },
            { group: ['../slack/*', '../db/*', '../usecases/*', '../inbox/*', '../outbox/*', '../render/*', '../config', '../bot', '../main'], message: 'src/domain depends on nothing outside it.' },
          ],
        },
      ],
    },
  },
  {
    // Use cases return facts and effects; words, Block Kit, mrkdwn and Slack's error codes belong to src/slack.
    files: ['src/usecases/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@slack/*', '../slack/*', '../slack'], message: 'src/usecases imports nothing from Slack: return effects and notices, src/slack presents them.' }] },
      ],
    },
  },
);
