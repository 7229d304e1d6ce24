/**
 * The formula grammar by example: precedence, numbers, implicit multiplication, the canonical
 * form, every kind of error with its position, the limits, and hostile input (issue 5).
 */
import { describe, expect, it } from 'vitest';
import {
  type CompileResult,
  compileExpression,
  EXPRESSION_FUNCTIONS,
  MAX_EXPRESSION_DEPTH,
  MAX_EXPRESSION_LENGTH,
} from '../../src/core/expr/index.ts';
import { parseExpression } from '../../src/core/expr/parser.ts';
import { printNode } from '../../src/core/expr/print.ts';
import { translate } from '../../src/i18n/index.ts';

function canonical(text: string): string {
  const result = compileExpression(text);
  if (!result.ok) throw new Error(`${text}: ${translate(result.error.message)}`);
  return result.expression.canonical;
}

/** The error `text` gives, its message in words (English: the tests set no language). */
function errorOf(text: string): { message: string; position: number; length: number } {
  const result = compileExpression(text);
  if (result.ok) throw new Error(`${text} compiled to ${result.expression.canonical}`);
  return { ...result.error, message: translate(result.error.message) };
}

function valueAt(text: string, x = 0.7, y = -1.3): number {
  const result = compileExpression(text);
  if (!result.ok) throw new Error(`${text}: ${translate(result.error.message)}`);
  return result.expression.f(x, y);
}

describe('grammar', () => {
  it.each([
    ['1 + 2 * 3', '1 + 2 * 3', 7],
    ['(1 + 2) * 3', '(1 + 2) * 3', 9],
    ['2 ^ 3 ^ 2', '2^3^2', 512],
    ['(2 ^ 3) ^ 2', '(2^3)^2', 64],
    ['-2^2', '-2^2', -4],
    ['(-2)^2', '(-2)^2', 4],
    ['2^-1', '2^(-1)', 0.5],
    ['2^-1^2', '2^(-1^2)', 0.5],
    ['8 / 4 / 2', '8 / 4 / 2', 1],
    ['8 / (4 / 2)', '8 / (4 / 2)', 4],
    ['1 - 2 - 3', '1 - 2 - 3', -4],
    ['1 - (2 - 3)', '1 - (2 - 3)', 2],
    ['--3', '-(-3)', 3],
    ['+3', '3', 3],
    ['- -x', '-(-x)', 0.7],
    ['-x * 2', '-x * 2', -1.4],
    ['-(x * 2)', '-(x * 2)', -1.4],
    ['2 * -x', '2 * -x', -1.4],
    ['x**2', 'x^2', 0.49],
    ['pi', 'pi', Math.PI],
    ['π', 'pi', Math.PI],
    ['e', 'e', Math.E],
    ['2 · 3 × 4 − 5', '2 * 3 * 4 - 5', 19],
  ])('%s reads as %s', (text, expected, value) => {
    expect(canonical(text)).toBe(expected);
    expect(valueAt(text)).toBeCloseTo(value, 12);
  });

  it.each([
    ['2', 2],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e-3', 0.001],
    ['2E+4', 20000],
    ['1.5e2', 150],
    ['007', 7],
  ])('reads the number %s', (text, value) => {
    expect(valueAt(text)).toBe(value);
  });

  it.each([
    ['2x', '2 * x'],
    ['2 x', '2 * x'],
    ['3(x + 1)', '3 * (x + 1)'],
    ['2 sin(x)', '2 * sin(x)'],
    ['2x^2', '2 * x^2'],
    ['100(y - x^2)^2', '100 * (y - x^2)^2'],
    ['2pi*x', '2 * pi * x'],
    ['2πx', '2 * pi * x'],
    ['cos(2πx)', 'cos(2 * pi * x)'],
    ['π(x + 1)', 'pi * (x + 1)'],
    ['2e', '2 * e'],
    ['2e-3', '0.002'],
    ['2e-x', '2 * e - x'],
    ['2exp(x)', '2 * exp(x)'],
  ])('implicit multiplication after a number: %s is %s', (text, expected) => {
    expect(canonical(text)).toBe(expected);
  });

  it('knows every documented function with its arity', () => {
    for (const { name, arity } of EXPRESSION_FUNCTIONS) {
      const args = ['x', 'y'].slice(0, arity).join(', ');
      expect(canonical(`${name}(${args})`)).toBe(`${name}(${args})`);
      expect(
        errorOf(
          `${name}(${Array(arity + 1)
            .fill('x')
            .join(', ')})`,
        ).message,
      ).toMatch(/takes/);
    }
  });

  it('tells 1D from 2D formulas', () => {
    const dimensions = (text: string): number | undefined => {
      const result = compileExpression(text);
      return result.ok ? result.expression.dimensions : undefined;
    };
    expect(dimensions('(x - 3)^2 + 2')).toBe(1);
    expect(dimensions('x^2 + y^2')).toBe(2);
    expect(dimensions('x + 0*y')).toBe(2);
    expect(dimensions('7')).toBe(1);
  });

  it('keeps the source as given', () => {
    const result = compileExpression('  x^2 ');
    expect(result.ok && result.expression.source).toBe('  x^2 ');
  });

  it('prints a canonical form that parses back to the same tree', () => {
    for (const text of [
      '-(x - y)^-(2)',
      '((x))/((y)*(2))',
      'atan2(-x, y^2) - -x * -(y + 1)',
      '1e-7 * x + 1e21 - x^0.5^2',
      '(-x)^2 - -x^2 + (-(x^2))',
    ]) {
      const first = parseExpression(text);
      if (!first.ok) throw new Error(text);
      const printed = printNode(first.node);
      const again = parseExpression(printed);
      if (!again.ok) throw new Error(printed);
      expect(printNode(again.node)).toBe(printed);
      expect(valueAt(printed, 0.3, 1.7)).toBe(valueAt(text, 0.3, 1.7));
    }
  });
});

describe('errors', () => {
  it.each([
    ['', 0, 0, /empty/],
    ['   ', 3, 0, /empty/],
    ['x +', 3, 0, /ends too early/],
    ['x + * 2', 4, 1, /unexpected \*/],
    ['(x + 1', 0, 1, /never closed/],
    ['sin(x', 3, 1, /never closed/],
    ['x + 1)', 5, 1, /unmatched \)/],
    ['foo(x)', 0, 3, /unknown name "foo"; known: x, y, pi, e and the functions sin, cos/],
    ['x + bar', 4, 3, /unknown name "bar"/],
    ['xy', 0, 2, /write x\*y/],
    ['ln(x)', 0, 2, /natural logarithm is log/],
    ['Sin(x)', 0, 3, /lower case: sin/],
    ['x y', 2, 1, /missing operator.*write \*/],
    ['(x)(y)', 3, 1, /missing operator/],
    ['2 3', 2, 1, /missing operator/],
    ['x(2)', 0, 1, /x is not a function/],
    ['2pi x', 4, 1, /missing operator/],
    ['sin + 1', 0, 3, /sin is a function/],
    ['sin()', 0, 5, /sin takes 1 argument/],
    ['atan2(x)', 0, 8, /atan2 takes 2 arguments, not 1/],
    ['max(x, y, 1)', 0, 12, /max takes 2 arguments, not 3/],
    ['x, y', 1, 1, /outside a function call/],
    ['x & y', 2, 1, /unexpected character "&"/],
    ['y = x^2', 2, 1, /right-hand side/],
    ['x²', 1, 1, /write x\^2/],
    ['1e999', 0, 5, /too large/],
    ['[x]', 0, 1, /use \( and \)/],
    ['x + 😀', 4, 2, /U\+1F600/],
  ])('%j: error at %i (length %i)', (text, position, length, message) => {
    const error = errorOf(text);
    expect(error.message).toMatch(message);
    expect(error.position).toBe(position);
    expect(error.length).toBe(length);
  });
});

describe('limits', () => {
  it(`rejects input over ${MAX_EXPRESSION_LENGTH} characters, at the limit`, () => {
    const long = `${'x+'.repeat(600)}x`;
    const error = errorOf(long);
    expect(error.position).toBe(MAX_EXPRESSION_LENGTH);
    expect(error.length).toBe(long.length - MAX_EXPRESSION_LENGTH);
    expect(error.message).toMatch(/1201 characters long; the limit is 1000/);
    expect(compileExpression(`${'x+'.repeat(499)}x`).ok).toBe(true);
  });

  it(`rejects nesting deeper than ${MAX_EXPRESSION_DEPTH} levels, where it gets too deep`, () => {
    const nested = (depth: number): string => `${'('.repeat(depth)}x${')'.repeat(depth)}`;
    expect(compileExpression(nested(MAX_EXPRESSION_DEPTH)).ok).toBe(true);
    const error = errorOf(nested(MAX_EXPRESSION_DEPTH + 10));
    expect(error.message).toMatch(/nested more than 64 levels/);
    // At the parenthesis that opens level 65.
    expect(error.position).toBe(MAX_EXPRESSION_DEPTH);
    expect(error.length).toBe(1);
    expect(errorOf(`${'-'.repeat(200)}x`).message).toMatch(/nested/);
    expect(errorOf(`${'sin('.repeat(100)}x${')'.repeat(100)}`).message).toMatch(/nested/);
    expect(errorOf(`${'x^'.repeat(100)}x`).message).toMatch(/nested/);
  });

  it('takes a long flat formula (its tree is deep, the nesting is not)', () => {
    const result = compileExpression(`${'x*y+'.repeat(199)}x`);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.expression.f(1, 2)).toBe(199 * 2 + 1);
  });
});

describe('hostile input', () => {
  const expectCleanError = (text: string): void => {
    let result: CompileResult | undefined;
    expect(() => {
      result = compileExpression(text);
    }).not.toThrow();
    if (!result || result.ok) throw new Error(`${JSON.stringify(text.slice(0, 40))} compiled`);
    expect(translate(result.error.message)).not.toMatch(/internal error/);
    expect(result.error.position).toBeGreaterThanOrEqual(0);
    expect(result.error.position).toBeLessThanOrEqual(text.length);
  };

  it.each([
    'constructor.constructor("alert(1)")()',
    '__proto__',
    'constructor',
    'toString',
    'valueOf(x)',
    'hasOwnProperty(x)',
    'x;alert(1)',
    'x.constructor',
    'x\u0000',
    '\u0000',
    'x)+(function(){throw 1})(',
    // A template literal: `${alert(1)}`, built so that the linter does not take it for one.
    ['`$', '{alert(1)}`'].join(''),
    'Math.sin(x)',
    'globalThis',
    'eval("1")',
    '\ud800',
    'x + \u202e1',
    '１+x',
  ])('%j is a clear error, and nothing runs', (text) => {
    const before = Object.getOwnPropertyNames(globalThis).length;
    expectCleanError(text);
    expect(Object.getOwnPropertyNames(globalThis).length).toBe(before);
  });

  it('a 100,000-character input fails at the length limit, before any parsing', () => {
    const text = 'x+'.repeat(50_000);
    expectCleanError(text);
    const result = compileExpression(text);
    expect(!result.ok && result.error.position).toBe(MAX_EXPRESSION_LENGTH);
  });

  it('10,000 nested parentheses fail fast, without overflowing the stack', () => {
    expectCleanError(`${'('.repeat(10_000)}x${')'.repeat(10_000)}`);
    // Within the length limit too: the depth check stops it.
    const error = errorOf(`${'('.repeat(400)}x${')'.repeat(400)}`);
    expect(error.message).toMatch(/nested/);
  });

  it('a value that is not a string is an error, not a throw', () => {
    expect(compileExpression(undefined as unknown as string).ok).toBe(false);
    expect(compileExpression({ length: 3 } as unknown as string).ok).toBe(false);
  });
});
