// Lint rules that keep the architecture honest: the domain core must not know its adapters.
import tseslint from 'typescript-eslint';

const adapterImports = [
  { group: ['express', 'express/*'], message: 'src/domain is pure: no HTTP framework here.' },
  { group: ['@slack/*'], message: 'src/domain is pure: Slack lives in src/slack.' },
  { group: ['better-sqlite3'], message: 'src/domain is pure: storage lives in src/store.' },
  { group: ['commander'], message: 'src/domain is pure: the CLI lives in src/cli.' },
  { group: ['@inquirer/*'], message: 'src/domain is pure: prompts live in src/cli/prompter.ts.' },
  { group: ['../*'], message: 'src/domain may not import other layers.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: adapterImports }] },
  },
);
