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
      // A destructuring where one name is reassigned (`let [snapshot, actions] = ...`) stays one statement.
      'prefer-const': ['error', { destructuring: 'all' }],
      // tsc's noUnusedLocals and noUnusedParameters report the same, honouring `_` for a field dropped on purpose.
      '@typescript-eslint/no-unused-vars': 'off',
      // An async method without await implements a Promise-returning interface (ledger, migration provider, command), so a throw rejects.
      '@typescript-eslint/require-await': 'off',
      // Messages interpolate unknown values and lists on purpose; no-base-to-string still catches "[object Object]".
      '@typescript-eslint/restrict-template-expressions': 'off',
      // A refusal code's type lists the known codes beside `string` so that the reader sees them.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // gRPC and protobuf enums are compared with their documented numeric codes, without importing grpc-js or the proto enums.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    // Tests and the benchmark read JSON (histories, reports, webhook bodies) as it comes; tests hand methods to expect().
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Kysely's form for migrations: a migration must not depend on today's schema type, so it takes Kysely<any>.
    files: ['activities/store/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
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
              regex: '^(\\.\\./)+(activities|workflows|worker|client|common|report|scripts|bench|test)(/|$)',
              message:
                'machines/ depends on nothing outside itself (activities, workflows, worker, client, common and report depend on it).',
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
              // The traced bundle's interceptor module alone may bring OpenTelemetry into the sandbox (worker/bundle.ts).
              regex: '^(?!(@temporalio/(workflow|common)|xstate|zod)(/|$)|\\.)',
              message: 'workflows/ run in the sandbox: of the packages only @temporalio/workflow, @temporalio/common, xstate and zod.',
            },
            {
              regex: '^(\\.\\.?/)+((worker|client|common|report|scripts|bench|test|config)(/|$)|activities(/(?!contract$)|$))',
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
  {
    // Bundled only into the traced bundle, which a worker runs with tracing on: the OpenTelemetry workflow interceptors.
    files: ['workflows/tracingInterceptors.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: noNodeBuiltins.paths,
          patterns: [
            ...noNodeBuiltins.patterns,
            {
              regex: '^(?!(@opentelemetry/api|@temporalio/interceptors-opentelemetry/lib/workflow-interceptors)$|\\./traceContext$)',
              message: "the traced bundle's interceptor module brings the OpenTelemetry interceptors and the trace hooks, nothing else.",
            },
          ],
        },
      ],
    },
  },
);
