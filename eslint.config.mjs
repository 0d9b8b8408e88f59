// Lint rules for the whole workspace. The module-boundary constraints are the architecture:
// services may use libs and contracts, never another service; libs and contracts never use services;
// a service's domain/ folder is plain TypeScript with no framework or infrastructure imports; the
// test helpers (libs/testing, the contract's examples) are for tests only.
import nx from '@nx/eslint-plugin';

const TESTS_ONLY = {
  group: ['@governor/testing', '@governor/contracts/testing', '**/testing/examples'],
  message: 'test helpers and the contract examples are for tests only.',
};

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', 'infra/.data', '.nx'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // A project's tests may use libs/testing (type:testing); its production code may not (below).
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['services/*/src/**/*.ts', 'libs/*/src/**/*.ts', 'contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**', 'contracts/src/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [TESTS_ONLY] }],
    },
  },
  {
    files: ['services/*/src/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'kafkajs', 'typeorm', 'pg', '@governor/messaging', '@governor/telemetry'],
              message: 'domain/ is plain TypeScript: no framework, Kafka or database imports.' },
            TESTS_ONLY,
          ],
        },
      ],
    },
  },
];
