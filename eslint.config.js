// ESLint flat config. `inlet/layer-order` (scripts/lint/layer-order-rule.js) enforces the layer order of
// docs/ARCHITECTURE.md; prettier (`npm run lint`) enforces formatting.
import tseslint from 'typescript-eslint';
import { layerOrderRule } from './scripts/lint/layer-order-rule.js';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      'fixtures/**',
      'bench-results/**',
      '**/*.js',
      '!eslint.config.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { inlet: { rules: { 'layer-order': layerOrderRule } } },
    rules: {
      'inlet/layer-order': 'error',
      curly: ['error', 'all'],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Program > VariableDeclaration[kind="let"]',
          message: 'no module-level mutable state: keep state inside the component that owns it',
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/main.ts', 'src/app/cli/**'],
    rules: {
      'no-console': ['error'],
    },
  },
);
