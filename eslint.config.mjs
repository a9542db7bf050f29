// ESLint (flat config) with typescript-eslint's type-aware rules, and import rules that keep the
// workflow sandbox deterministic: machines/ is pure, workflows/ reaches only the workflow SDK and machines/.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...new Set(builtinModules.map((name) => name.replace(/^node:/, '')))];
const noNodeBuiltins = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'Node built-ins do not exist in the workflow sandbox.' })),
  patterns: [{ group: ['node:*'], message: 'Node built-ins do not exist in the workflow sandbox.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', '.tools/**', 'test-output/**', 'node_modules/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['machines/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: noNodeBuiltins.paths,
          patterns: [
            ...noNodeBuiltins.patterns,
            { group: ['@temporalio/*'], message: 'machines/ is pure: no Temporal SDK (the workflow host brings it).' },
            {
              regex: '^(\\.\\./)+(activities|workflows|worker|client|scripts|bench|test)(/|$)',
              message: 'machines/ depends on nothing outside itself (activities, workflows, worker and client depend on it).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: noNodeBuiltins.paths,
          patterns: [
            ...noNodeBuiltins.patterns,
            {
              regex: '^(?!(@temporalio/(workflow|common)|xstate|zod)(/|$)|\\.)',
              message: 'workflows/ run in the sandbox: of the packages only @temporalio/workflow, @temporalio/common, xstate and zod.',
            },
            {
              regex: '^(\\.\\.?/)+((worker|client|scripts|bench|test|config)(/|$)|activities(/(?!contract$)|$))',
              message: 'workflows/ import only their own folder and machines/ (activity code runs in the worker, not the sandbox).',
            },
            {
              regex: '^(\\.\\./)+activities/contract$',
              allowTypeImports: true,
              message: 'workflows/ may name the activities by type only (proxyActivities<ElectionActivities>), never import their code.',
            },
          ],
        },
      ],
    },
  },
);
