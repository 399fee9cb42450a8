import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

/** A relative import climbing into one of `dirs` (top-level folders of src/), refused from `who`. */
const layer = (who, dirs) => ({
  regex: `^(\\.\\./)+(${dirs})(/|$)`,
  message: `${who} must not import src/{${dirs.split('|').join(',')}} (layers: docs/architecture.md).`,
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-globals': ['error', 'eval'],
      'no-new-func': 'error',
    },
  },
  // Layer boundaries (docs/architecture.md): core is pure; platform knows no module; a module uses another only
  // through its index.ts; the web sees modules' *.schemas.ts (types) and core only; src/composition wires it all.
  {
    files: ['src/core/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [layer('Core', 'platform|modules|web|composition')] }] },
  },
  {
    files: ['src/platform/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [layer('Platform', 'modules|web|composition')] }] },
  },
  {
    files: ['src/modules/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer('A module', 'web|composition'),
            {
              regex: '^\\.\\./[\\w-]+/.+|^\\.\\.(/index)?$',
              message: "A module uses another module only through that module's index.ts (import from '../<module>').",
            },
          ],
        },
      ],
    },
  },
  // Org's tables (units, users, user_roles) are read and written by other modules through org's index.ts
  // (docs/architecture.md "Org's tables"); a join that shows a name or filters a subtree in a list stays allowed.
  {
    files: ['src/modules/**/*.{ts,tsx}'],
    ignores: ['src/modules/org/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^(selectFrom|updateTable|insertInto|deleteFrom)$/] > Literal[value=/^(units|users|user_roles)(\\s|$)/]",
          message: "Org's tables are queried through org's index.ts (findUnit, findUser, unitIdsWithin …), not by another module (docs/architecture.md).",
        },
      ],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer('The web app', 'platform|composition'),
            {
              regex: '^(\\.\\./)+modules/(?!\\w+/[\\w-]+\\.schemas$)',
              message: "The web app may import only a module's *.schemas.ts (API types) from src/modules.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/web/**/*.tsx', 'src/web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
