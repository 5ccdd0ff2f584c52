// Lint: TypeScript's recommended type-aware rules; `any` is an error. XSS in JSX is checked by xss-scan.
// Boundaries (src/modules/README.md): the core never imports a module; a module imports another only
// through that module's index.ts.
import tseslint from 'typescript-eslint';

const DEPTHS = [1, 2, 3, 4];
const up = (n) => '(\\.\\./)'.repeat(n);
/** The TypeScript files `depth` folders below `dir` (1: directly in it). */
const tsFilesAt = (dir, depth) => [`${dir}/${'*/'.repeat(depth - 1)}*.ts`, `${dir}/${'*/'.repeat(depth - 1)}*.tsx`];

/**
 * A file `depth` folders below src/core reaches src/modules by climbing exactly `depth` levels and
 * entering `modules/` (climbing one level less stays in the core: `../modules/manifest.js` from
 * src/core/jobs is src/core/modules).
 */
const coreBoundary = (depth) => ({
  files: tsFilesAt('src/core', depth),
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { regex: `^${up(depth)}modules(/|$)`, message: 'The core never imports a module: give the core a hook in core/modules/manifest.ts instead.' },
        ],
      },
    ],
  },
});

/**
 * A file `depth` folders below src/modules (src/modules/<m>/x.ts is 1) reaches another module by
 * climbing exactly `depth` levels and naming a folder; only that module's index.js may follow. Imports
 * inside the module climb fewer levels, imports of the core one more (`../../core/…`), so neither matches.
 */
const moduleBoundaryRule = (severity, depth) => [
  severity,
  {
    patterns: [
      {
        regex: `^${up(depth)}[^./][^/]*/(?!index\\.js$)`,
        message: 'A module imports another only through its index.js (src/modules/README.md).',
      },
    ],
  },
];
const moduleBoundary = (depth) => ({ files: tsFilesAt('src/modules', depth + 1), rules: { 'no-restricted-imports': moduleBoundaryRule('error', depth) } });

/**
 * Modules that still reach into another module while the modules are being reshaped (issue #16): the
 * rule warns there instead of failing. Remove one once it imports other modules through index.js only.
 */
const PENDING_MODULE_BOUNDARY = [];

/**
 * Views write bilingual text one way: `t(p, 'uk', 'en')` / `tr(…)` (core/views/page-context.ts) or a Text
 * lookup (`LABELS[x][p.lang]`), never a ternary on the language (`p.lang === 'uk' ? … : …`, `uk ? … : …`).
 */
const LANG_TERNARY = 'Write bilingual text with t()/tr() or a Text lookup, not a ternary on the language (src/modules/README.md, "Texts").';
const viewTexts = {
  files: ['src/**/views/**/*.ts', 'src/**/views/**/*.tsx'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector:
          "ConditionalExpression > BinaryExpression.test:matches([left.name='lang'], [left.property.name='lang'], [right.name='lang'], [right.property.name='lang'])",
        message: LANG_TERNARY,
      },
      { selector: "ConditionalExpression > Identifier.test[name='uk']", message: LANG_TERNARY },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'test-results/', 'public/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  ...DEPTHS.map(coreBoundary),
  ...DEPTHS.map(moduleBoundary),
  viewTexts,
  ...PENDING_MODULE_BOUNDARY.flatMap((m) =>
    DEPTHS.map((depth) => ({ files: tsFilesAt(`src/modules/${m}`, depth), rules: { 'no-restricted-imports': moduleBoundaryRule('warn', depth) } })),
  ),
);
