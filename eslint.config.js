// Lint: TypeScript rules plus the import boundaries between src/ folders (see ARCHITECTURE.md).
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Each folder and the folders it must never import. Stated as absences, like ARCHITECTURE.md. */
const zones = [
  // domain imports nothing else from src/
  { target: './src/domain', from: './src', except: ['./domain'] },
  // knowledge imports only domain
  { target: './src/knowledge', from: './src', except: ['./domain', './knowledge'] },
  // stages never import the pipeline, storage, the app or its shells
  { target: './src/stages', from: ['./src/pipeline', './src/storage', './src/app', './src/cli', './src/server', './src/queue'] },
  // the pipeline knows no stage and no storage
  { target: './src/pipeline', from: ['./src/stages', './src/storage', './src/app', './src/cli', './src/server', './src/knowledge', './src/queue'] },
  // storage knows only domain
  { target: './src/storage', from: './src', except: ['./domain', './storage'] },
  // the queue knows only domain
  { target: './src/queue', from: './src', except: ['./domain', './queue'] },
  // cli and server are thin shells over app: no stage, storage or pipeline of their own (cli may start the server)
  { target: './src/cli', from: ['./src/stages', './src/storage', './src/pipeline', './src/knowledge', './src/queue'] },
  { target: './src/server', from: ['./src/stages', './src/storage', './src/pipeline', './src/cli', './src/knowledge', './src/queue'] },
  // the application layer never reaches up into its shells
  { target: './src/app', from: ['./src/cli', './src/server'] },
  // the web dashboard talks only to the HTTP API
  { target: './web', from: './src' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'web/dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**', '.scratch/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // CLI output, benches, evals and tests print on purpose.
    files: ['src/cli/**', 'bench/**', 'test/**', '**/*.test.ts', 'web/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
