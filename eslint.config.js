// ESLint (flat config): typescript-eslint's type-aware recommended rules on src, test and bench,
// React's hook rules on the Ink components, and the house limit of 60 lines per function.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'docs/', 'reports/', '.stryker-tmp/', 'scratch/', 'gpu-kit/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['vitest.config.ts', 'vitest.mutation.config.ts'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      // The house rule: small functions with one job.
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }],
      // Untrusted input is parsed, never evaluated.
      'no-eval': 'error',
      'no-new-func': 'error',
      // `_name` marks a parameter a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Noise here: engines, sinks and test doubles implement async interfaces (dispose, release, frame
      // sources as async generators) without awaiting anything; promises that are dropped or passed
      // where a callback is expected are caught by no-floating-promises and no-misused-promises.
      '@typescript-eslint/require-await': 'off',
      // Noise here: terminal code and its tests match ANSI/kitty escape sequences on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // A describe() callback is a list of cases, not a function with one job: the 60-line limit is for code.
    files: ['test/**/*.test.{ts,tsx}'],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      // Tests read JSON from child processes and ffprobe and assert on its fields; the assertions are the types.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['src/tui/**/*.{ts,tsx}', 'test/tui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Plain JavaScript (config files, scripts): no type information.
    files: ['**/*.{js,cjs,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The dependency-cruiser configs are CommonJS, as the tool loads them.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The dashboard's page runs in the browser (served as it is, no build step).
    files: ['src/dashboard/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
