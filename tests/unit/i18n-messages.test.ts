/**
 * The messages about bad input (the address's warnings, a typed formula's mistakes) in Hebrew:
 * really Hebrew, with only names, formulas, code and the person's own input left in Latin
 * letters, that input kept in Unicode isolates (FSI … PDI) so it reads in its own order inside
 * right-to-left text; and in English exactly as before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { customLandscape } from '../../src/core/custom-landscape.ts';
import { compileExpression, EXPRESSION_FUNCTIONS } from '../../src/core/expr/index.ts';
import { describeExpressionError } from '../../src/core/expression-message.ts';
import { PRESETS } from '../../src/core/landscapes/index.ts';
import { LESSONS } from '../../src/core/lesson.ts';
import { OPTIMIZERS } from '../../src/core/optimizers/index.ts';
import { SCHEDULE_KINDS } from '../../src/core/schedule.ts';
import { START_LAYOUTS } from '../../src/core/start.ts';
import { type AppState, BACKENDS, LANGUAGES, parseUrlState as parseState } from '../../src/core/url-state.ts';
import { en } from '../../src/i18n/en.ts';
import { he } from '../../src/i18n/he.ts';
import { setLanguage, translate } from '../../src/i18n/index.ts';
import { LATIN_ALLOWED, latinWords } from './latin-words.ts';

/** parseUrlState with its warnings put in words in the language of the moment. */
function parseUrlState(search: string): { state: AppState; warnings: string[] } {
  const parsed = parseState(search);
  return { state: parsed.state, warnings: parsed.warnings.map(translate) };
}

afterEach(() => setLanguage('en'));

const HEBREW = /[\u0590-\u05ff]/;
const FSI = '\u2068';
const PDI = '\u2069';

/** Values the address accepts, quoted in the warnings as the choices: code, not prose. */
const CODE = new Set<string>([
  ...START_LAYOUTS,
  ...BACKENDS,
  ...LESSONS,
  ...LANGUAGES,
  ...SCHEDULE_KINDS,
  ...OPTIMIZERS.flatMap((optimizer) => [optimizer.id, ...Object.keys(optimizer.defaults)]),
  ...EXPRESSION_FUNCTIONS.map((fn) => fn.name),
  ...PRESETS.map((landscape) => landscape.id),
  'xmin',
  'xmax',
  'ymin',
  'ymax',
]);

/**
 * The Latin words of `message` that are neither allowed, nor code, nor from the person's `input`.
 * A percent escape (`%2B`) and a code point (`U+00B2`) are code, not words.
 */
function untranslated(message: string, input: string): string[] {
  const typed = new Set(latinWords(input));
  return latinWords(message.replace(/%[0-9A-F]{2}|U\+[0-9A-F]{4,6}/g, ' ')).filter(
    (word) => !LATIN_ALLOWED.has(word) && !CODE.has(word) && !typed.has(word),
  );
}

/** Whether every FSI in `text` is closed by a PDI, without a PDI before its FSI. */
function balancedIsolates(text: string): boolean {
  let open = 0;
  for (const char of text) {
    if (char === FSI) open++;
    else if (char === PDI && --open < 0) return false;
  }
  return open === 0;
}

const BAD_URL =
  '?fn=nope&n=abc&lr=-1&groups=foo:1&seed=x&backend=gpu&speed=0&paused=maybe&lesson=x&embed=2&lang=xx&zzz=1&domain=1&at=1';

const BAD_URLS = [
  BAD_URL,
  '?fn=curve&domain=1&at=1,2&n=99999999&start=zz',
  '?lr=1,-1,2',
  '?lr=1,2,3,4,5,6,7,8,9,10',
  '?groups=gd:0.1&lr=0.2',
  '?groups=gd:abc,gd:0.1:beta=0.5,momentum:0.1:beta=2,adam:0.1:foo=1',
  '?groups=gd:0.1:noise=-1:schedule=foo:every=3',
  '?groups=gd:0.1:schedule=step:every=0:factor=5:period=9',
  `?groups=${Array(10).fill('gd:0.1').join(',')}`,
  '?expr=x^2+1',
  '?expr=x%ZZ',
  '?fn=bowl&expr=foo(x)',
];

const BAD_FORMULAS = [
  'x^^2',
  'foo(x)',
  '(x',
  '',
  '('.repeat(10_000),
  `${'-'.repeat(200)}x`,
  'x=1',
  '[x]',
  'x²',
  'sin()',
  'atan2(x)',
  'sin(x',
  'Sin(x)',
  'ln(x)',
  'xy',
  'x(2)',
  'sin',
  'x)',
  'x,y',
  'x y',
  '1e999',
];

describe('the address warnings in Hebrew', () => {
  it.each(BAD_URLS)('%s: Hebrew, with only code and the input in Latin letters', (query) => {
    const english = parseUrlState(query).warnings;
    setLanguage('he');
    const hebrew = parseUrlState(query).warnings;
    expect(hebrew).toHaveLength(english.length);
    expect(hebrew.length).toBeGreaterThan(0);
    const input = decodeURIComponent(query.replace(/%(?![0-9A-F]{2})/g, '%25'));
    for (const warning of hebrew) {
      expect(warning, warning).toMatch(HEBREW);
      expect(untranslated(warning, input), warning).toEqual([]);
      expect(balancedIsolates(warning), warning).toBe(true);
    }
  });

  it('gives one Hebrew warning per problem of a URL full of them', () => {
    setLanguage('he');
    const { warnings } = parseUrlState(BAD_URL);
    expect(warnings).toHaveLength(14);
    expect(warnings.join('\n')).not.toMatch(/ignored|no such|using|use |need /);
  });

  it('keeps what the person wrote whole, between isolates', () => {
    setLanguage('he');
    const { warnings } = parseUrlState(BAD_URL);
    for (const piece of ['fn=nope', 'n=abc', '"-1"', '"foo"', 'seed=x', 'backend=gpu', 'lang=xx', '"zzz"']) {
      expect(
        warnings.some((warning) => warning.includes(`${FSI}${piece}${PDI}`)),
        piece,
      ).toBe(true);
    }
    const [formula] = parseUrlState('?expr=x^^2').warnings;
    expect(formula).toContain(`${FSI}x^⟦^⟧2${PDI}`);
  });

  it('names the landscape shown instead in Hebrew', () => {
    setLanguage('he');
    const [warning] = parseUrlState('?fn=bowl&expr=(x').warnings;
    expect(warning).toMatch(new RegExp(`${he['landscape.bowl']}\\.$`));
  });

  it('every preset has a name to show', () => {
    for (const landscape of PRESETS)
      expect(Object.hasOwn(en, `landscape.${landscape.id}`), landscape.id).toBe(true);
  });
});

describe('a typed formula’s mistakes in Hebrew', () => {
  it.each(
    BAD_FORMULAS.map((text) => [text.length > 40 ? `${text.slice(0, 12)}… (${text.length})` : text, text]),
  )('%s: Hebrew, at the same place as in English', (_, text) => {
    const english = compileExpression(text);
    expect(english.ok).toBe(false);
    if (english.ok) return;
    const englishText = translate(english.error.message);
    setLanguage('he');
    const hebrew = compileExpression(text);
    expect(hebrew.ok).toBe(false);
    if (hebrew.ok) return;
    expect(hebrew.error.position).toBe(english.error.position);
    expect(hebrew.error.length).toBe(english.error.length);
    expect(translate(hebrew.error.message)).not.toBe(englishText);
    for (const message of [
      translate(hebrew.error.message),
      translate(describeExpressionError(text, hebrew.error)),
    ]) {
      expect(message, message).toMatch(HEBREW);
      expect(untranslated(message, text), message).toEqual([]);
      expect(balancedIsolates(message), message).toBe(true);
    }
  });

  it('is put in words in the language it is shown in, not the one it was made in', () => {
    // The core says what is wrong as a code: the cache, and a message made before the page set
    // its language (the address is read first), come out in the language of the moment.
    setLanguage('he');
    const made = customLandscape('(x', null);
    expect(made.ok).toBe(false);
    if (made.ok) return;
    expect(translate(made.error.message)).toMatch(HEBREW);
    setLanguage('en');
    expect(translate(made.error.message)).toBe('this ( is never closed');
  });

  it('a URL warning read before the language is set comes out in Hebrew (lang=he&n=abc)', () => {
    const { warnings } = parseState('?lang=he&n=abc');
    expect(warnings).toHaveLength(1);
    setLanguage('he');
    expect(translate(warnings[0]!)).toMatch(HEBREW);
    expect(translate(warnings[0]!)).toContain('n=abc');
  });
});

describe('the Hebrew message strings', () => {
  const keys = Object.keys(he).filter((key) => key.startsWith('url.') || key.startsWith('expr.'));

  it('close every isolate they open', () => {
    expect(keys.length).toBeGreaterThan(50);
    for (const key of keys) expect(balancedIsolates(he[key as keyof typeof he]), key).toBe(true);
  });
});

describe('the messages in English', () => {
  it('are unchanged for a URL full of problems', () => {
    setLanguage('he');
    parseUrlState(BAD_URL);
    setLanguage('en');
    expect(parseUrlState(BAD_URL).warnings).toEqual([
      'Unknown parameter "zzz" ignored.',
      'fn=nope: no such landscape; showing himmelblau.',
      // The seed is read first: a model's data is drawn from it.
      'seed=x: need a whole number from 0 to 4294967295; using 1.',
      'n=abc: the ball count must be a whole number from 1 to 4,194,304; using 20,000.',
      "domain=1: need xmin,xmax,ymin,ymax with min < max; using the landscape's own.",
      'at=1: need two numbers x,y; using the centre.',
      'lr: "-1" is not a learning rate (a number above 0, at most 1000); using 0.01.',
      'groups: "foo" is not an optimizer (gd, momentum, nesterov, adagrad, rmsprop, adam, adamw, lion); that group is left out.',
      'backend=gpu: use auto, webgpu or cpu; using auto.',
      'speed=0: need steps per second from 0.1 to 100,000, or max; using 5.',
      'paused=maybe: use 1 or 0; starting to play.',
      'lesson=x: use slope; no lesson shown.',
      'embed=2: use 1 or 0; showing the full app.',
      'lang=xx: use en or he; showing English.',
    ]);
  });

  it('are unchanged for groups, schedules and formulas', () => {
    const warnings = (query: string): readonly string[] => parseUrlState(query).warnings;
    expect(warnings('?groups=gd:0.1:noise=-1:schedule=foo:every=3')).toEqual([
      'groups: gd:0.1: noise=-1 is not a noise scale (0 to 1000000); no noise.',
      'groups: gd:0.1: schedule=foo: use one of constant, step, cosine, warmup; a constant rate.',
      'groups: gd:0.1: every= is only read with schedule=step; ignored.',
    ]);
    expect(warnings('?groups=gd:0.1:schedule=step:factor=5')).toEqual([
      'groups: gd:0.1: factor=5 is out of range (above 0, at most 1); using 0.5.',
    ]);
    expect(warnings('?groups=adam:0.1:foo=1')).toEqual([
      'groups: "foo" is not a setting of adam (beta1, beta2, epsilon, noise, batch, schedule); that group is left out.',
    ]);
    expect(warnings('?expr=x^2+1')).toEqual([
      'expr: missing operator here: write * to multiply (at 4: x^2 ⟦1⟧) (a "+" in an address is a space: write %2B); showing Himmelblau.',
    ]);
    expect(warnings('?fn=bowl&expr=x%ZZ')).toEqual([
      'expr: the address does not encode the formula properly (a "%" must start a UTF-8 escape such as %2B for "+"); showing Round bowl.',
    ]);
    const message = (text: string): string => {
      const result = compileExpression(text);
      return result.ok ? 'ok' : translate(result.error.message);
    };
    expect(message('x^^2')).toBe('unexpected ^: expected a number, a name or (');
    expect(message('(x')).toBe('this ( is never closed');
    expect(message('')).toBe('the formula is empty');
    expect(message('('.repeat(10_000))).toBe('the formula is 10000 characters long; the limit is 1000');
    expect(message('x=1')).toBe('unexpected character "=": type only the right-hand side, e.g. x^2 + y^2');
    expect(message('atan2(x)')).toBe('atan2 takes 2 arguments, not 1');
    expect(message('sin()')).toBe('sin takes 1 argument');
    expect(message('foo(x)')).toBe(
      'unknown name "foo"; known: x, y, pi, e and the functions sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, exp, expm1, log, log2, log10, sqrt, abs, sign, min, max, pow, floor, ceil, round',
    );
  });
});
