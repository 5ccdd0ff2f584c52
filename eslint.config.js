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
/**
 * A count is written with its noun through `plural()` (core/i18n), never as a value followed by a fixed
 * word: «{n} підписів» reads «1 підписів», «{n} days» reads «1 days» (issue #21). The nouns are the
 * counted words of the platform in the forms a count takes (Ukrainian one/few/many, English one/other).
 * Caught in every source file whose text a person may read (every view, route, form, rule, letter and
 * page of the core): a JSX text right after an expression, a template literal's text right after a `${…}`,
 * a string added after a value. After «до», «з», «від», «не більше» the noun takes the genitive: «до 1 символу», «до 5 символів».
 */
const COUNTED_NOUNS = [
  'підпис(?:и|ів)?',
  'голос(?:и|ів)?',
  'учасник(?:и|ів)?',
  'звернен(?:ня|ь)',
  'проєкт(?:и|ів)?',
  'петиці(?:я|ї|й)',
  'коментар(?:і|ів)?',
  'бюлетен(?:ь|і|ів)',
  'громад(?:а|и)?',
  'користувач(?:і|ів)?',
  'відповід(?:ь|і|ей)',
  'конкурс(?:и|ів)?',
  'мешкан(?:ець|ці|ців)',
  'день',
  'дн(?:і|ів)',
  'годин(?:а|и)?',
  'хвилин(?:а|и)?',
  'секунд(?:а|и)?',
  'рік',
  'рок(?:и|ів)',
  'місяц(?:ь|і|ів)',
  'тиж(?:день|ні|нів)',
  'код(?:и|ів)?',
  'заклад(?:и|ів)?',
  'учн(?:і|ів)',
  'учень',
  'ряд(?:ок|ки|ків)',
  'файл(?:и|ів)?',
  'фотографі(?:я|ї|й)',
  'ос(?:оба|оби|іб)',
  'людей',
  'питан(?:ня|ь)',
  'розділ(?:и|ів)?',
  'бал(?:и|ів)?',
  'категорі(?:я|ї|й)',
  'раз(?:и|ів)?',
  'запис(?:и|ів)?',
  'талон(?:и|ів)?',
  'символ(?:и|ів)?',
  'сторін(?:ка|ки|ок)',
  'документ(?:и|ів)?',
  'послуг(?:а|и)?',
  'підписник(?:и|ів)?',
  'варіант(?:и|ів)?',
  'місц(?:е|я|ь)',
  'signatures?',
  'votes?',
  'participants?',
  'users?',
  'reports?',
  'petitions?',
  'projects?',
  'comments?',
  'ballots?',
  'communit(?:y|ies)',
  'answers?',
  'contests?',
  'residents?',
  'days?',
  'hours?',
  'minutes?',
  'seconds?',
  'weeks?',
  'months?',
  'years?',
  'codes?',
  'schools?',
  'students?',
  'rows?',
  'files?',
  'photos?',
  'people',
  'persons?',
  'times',
  'questions?',
  'sections?',
  'points?',
  'categor(?:y|ies)',
  'entries',
  'tickets?',
  'characters?',
  'pages?',
  'documents?',
  'services?',
  'subscribers?',
  'options?',
  'places?',
].join('|');
const COUNTED_TEXT = `/^[\\s\\u00a0\\u202f]+(?:${COUNTED_NOUNS})(?![\\p{L}ʼ'’-])/iu`;
const COUNT_NEXT_TO_NOUN = 'A count next to a fixed noun: write it with plural() (core/i18n), e.g. plural(n, { uk: [...], en: [...] }, lang).';
const COUNTED_START = `/^(?:${COUNTED_NOUNS})(?![\\p{L}ʼ'’-])/iu`;
const COUNT_SELECTORS = [
  // «<strong>{n}</strong> {t(p, 'звернень', 'reports')}»: a number set apart, then the noun as a fixed text.
  {
    selector: `:matches(JSXElement, JSXExpressionContainer) + JSXText[value=/^\\s+$/] + JSXExpressionContainer > CallExpression[callee.name=/^(t|tr)$/][arguments.1.value=${COUNTED_START}]`,
    message: COUNT_NEXT_TO_NOUN,
  },
  { selector: `JSXExpressionContainer + JSXText[value=${COUNTED_TEXT}]`, message: COUNT_NEXT_TO_NOUN },
  { selector: `TemplateLiteral > TemplateElement[value.cooked=${COUNTED_TEXT}]`, message: COUNT_NEXT_TO_NOUN },
  { selector: `BinaryExpression[operator='+'] > Literal.right[value=${COUNTED_TEXT}]`, message: COUNT_NEXT_TO_NOUN },
];
const countedTexts = {
  files: ['src/**/*.ts', 'src/**/*.tsx'],
  // English only and never on a page: the verifier's command-line report and the Pabulib file parser's errors.
  ignores: ['src/verify/**', 'src/modules/budgets/tally/pabulib.ts'],
  rules: { 'no-restricted-syntax': ['error', ...COUNT_SELECTORS] },
};

const viewTexts = {
  files: ['src/**/views/**/*.ts', 'src/**/views/**/*.tsx'],
  rules: {
    'no-restricted-syntax': [
      'error',
      ...COUNT_SELECTORS,
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
  { ignores: ['dist/', '.build/', 'node_modules/', 'data/', 'test-results/', 'public/'] },
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
  countedTexts,
  viewTexts,
  ...PENDING_MODULE_BOUNDARY.flatMap((m) =>
    DEPTHS.map((depth) => ({ files: tsFilesAt(`src/modules/${m}`, depth), rules: { 'no-restricted-imports': moduleBoundaryRule('warn', depth) } })),
  ),
);
