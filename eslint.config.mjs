import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const relativeImports = { group: ['../*', './../*'], message: "Import from 'src/…' instead." };
const connectionMessage =
  'Only repositories (*.repository.ts) and the infrastructure (src/database, src/setup, src/health) hold the connection: take a repository, and run a use case in UnitOfWork.';
/** Files that still hold the connection outside a repository, until their SQL has moved into one. */
const notYetInRepositories = [
  'src/files/content-store.ts',
  'src/files/files.module.ts',
  'src/oparl-import/oparl-file-download.ts',
  'src/oparl-import/oparl-importer.ts',
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'data/',
      'test/artifacts/',
      'bench/results/',
      '**/*.mjs',
      'jest.config.js',
      // Plain browser scripts served as they are, outside the TypeScript project.
      'templates/**/*.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [relativeImports] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    // The transaction and named-SQL helpers are infrastructure that repositories build on.
    ignores: [
      '**/*.repository.ts',
      'src/database/**',
      'src/setup/**',
      'src/health/**',
      'src/common/unit-of-work.ts',
      'src/common/named-sql.ts',
      '**/*.spec.ts',
      ...notYetInRepositories,
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [relativeImports],
          paths: [
            { name: 'typeorm', importNames: ['DataSource', 'EntityManager'], message: connectionMessage },
            { name: '@nestjs/typeorm', importNames: ['InjectDataSource', 'InjectEntityManager'], message: connectionMessage },
          ],
        },
      ],
    },
  },
  {
    files: ['src/database/migrations/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      'no-restricted-imports': 'off',
    },
  },
);
