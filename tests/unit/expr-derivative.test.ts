/**
 * The derivative rules one by one: every function against central differences at points where
 * it is smooth, the special cases (negative bases, kinks, ties of min and max, poles), and the
 * simplified derivative text.
 */
import { describe, expect, it } from 'vitest';
import {
  type CompiledExpression,
  compileExpression,
  DERIVATIVE_TEXT_LIMIT,
} from '../../src/core/expr/index.ts';
import { translate } from '../../src/i18n/index.ts';

function compiled(text: string): CompiledExpression {
  const result = compileExpression(text);
  if (!result.ok) throw new Error(`${text}: ${translate(result.error.message)}`);
  return result.expression;
}

function gradientAt(expression: CompiledExpression, x: number, y: number): [number, number] {
  const out = [Number.NaN, Number.NaN];
  expression.gradient(x, y, out);
  return [out[0]!, out[1]!];
}

/** Central difference with Richardson extrapolation: error O(h^4). */
function centralDifference(f: (x: number, y: number) => number, x: number, y: number, axis: 0 | 1): number {
  const at = (h: number): number =>
    axis === 0 ? (f(x + h, y) - f(x - h, y)) / (2 * h) : (f(x, y + h) - f(x, y - h)) / (2 * h);
  const h = 1e-4 * Math.max(1, Math.abs(axis === 0 ? x : y));
  return (4 * at(h / 2) - at(h)) / 3;
}

describe('every function against central differences', () => {
  // Each formula uses both variables inside the function, at points inside its domain.
  it.each([
    ['sin(x * y)', [0.7, -1.3]],
    ['cos(x * y)', [0.7, -1.3]],
    ['tan(x - y / 2)', [0.3, 0.4]],
    ['asin(x * y / 2)', [0.7, -1.3]],
    ['acos(x * y / 2)', [0.7, -1.3]],
    ['atan(x * y)', [0.7, -1.3]],
    ['atan2(y, x)', [0.7, -1.3]],
    ['atan2(x^2, y - 3)', [-0.4, 1.1]],
    ['sinh(x - y)', [0.7, -1.3]],
    ['cosh(x - y)', [0.7, -1.3]],
    ['tanh(x * y)', [0.7, -1.3]],
    ['exp(x * y)', [0.7, -1.3]],
    ['expm1(x * y)', [0.7, -1.3]],
    ['log(x^2 + y)', [0.7, 1.3]],
    ['log2(x^2 + y)', [0.7, 1.3]],
    ['log10(x^2 + y)', [0.7, 1.3]],
    ['sqrt(x^2 + y)', [0.7, 1.3]],
    ['abs(x * y)', [0.7, -1.3]],
    ['min(x, y^2)', [0.7, -1.3]],
    ['min(x, y^2)', [2.7, -1.3]],
    ['max(x, y^2)', [0.7, -1.3]],
    ['max(x, y^2)', [2.7, -1.3]],
    ['pow(x, y)', [0.7, -1.3]],
    ['x^y', [1.7, 2.3]],
    ['pow(2, x * y)', [0.7, -1.3]],
    ['e^(x * y)', [0.7, -1.3]],
    ['x^pi + y^e', [0.7, 1.3]],
    ['x^3 * y^-2', [-0.7, -1.3]],
    ['x^0.5 * y^-0.5', [0.7, 1.3]],
    ['(x^2 + 1)^(y / 3)', [-0.7, 1.3]],
    ['x / y', [0.7, -1.3]],
    ['(x + y) / (x - y)', [0.7, -1.3]],
    ['1 / (x^2 + y^2)', [0.7, -1.3]],
    ['-x * -y', [0.7, -1.3]],
    ['x^20 - y^17', [1.1, 0.9]],
  ] as const)('%s at %j', (text, [x, y]) => {
    const expression = compiled(text);
    const [gx, gy] = gradientAt(expression, x, y);
    const dx = centralDifference(expression.f, x, y, 0);
    const dy = centralDifference(expression.f, x, y, 1);
    expect(Math.abs(gx - dx)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(dx)));
    expect(Math.abs(gy - dy)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(dy)));
  });

  it.each(['floor(x * y)', 'ceil(x * y)', 'round(x * y)', 'sign(x * y)'])(
    '%s is flat between its steps',
    (text) => {
      expect(gradientAt(compiled(text), 0.7, -1.3)).toEqual([0, 0]);
    },
  );
});

describe('special cases', () => {
  it('a negative base with an integer exponent: n x^(n-1), not NaN from ln(x)', () => {
    expect(gradientAt(compiled('x^3'), -2, 0)[0]).toBe(12);
    expect(gradientAt(compiled('x^-2'), -2, 0)[0]).toBe(0.25);
    expect(gradientAt(compiled('pow(x, 5)'), -1, 0)[0]).toBe(5);
    expect(compiled('x^3').f(-2, 0)).toBe(-8);
    expect(compiled('x^0.5').f(-2, 0)).toBeNaN();
    // x^y at a negative x and an integer y: d/dx is y x^(y-1); d/dy needs ln(x) and is NaN.
    const [gx, gy] = gradientAt(compiled('x^y'), -2, 2);
    expect(gx).toBe(-4);
    expect(gy).toBeNaN();
  });

  it('kinks take a conventional value: abs at 0 is 0, min and max take the first argument on a tie', () => {
    expect(gradientAt(compiled('abs(x)'), 0, 0)[0]).toBe(0);
    expect(gradientAt(compiled('abs(x)'), -3, 0)[0]).toBe(-1);
    expect(gradientAt(compiled('min(x, y)'), 1, 1)).toEqual([1, 0]);
    expect(gradientAt(compiled('max(x, y)'), 1, 1)).toEqual([1, 0]);
    expect(gradientAt(compiled('max(x, 2 * y)'), 1, 1)).toEqual([0, 2]);
  });

  it('the tip of a cone is flat; the end of sqrt(x) is steep; below it, a hole', () => {
    expect(gradientAt(compiled('sqrt(x^2 + y^2)'), 0, 0)).toEqual([0, 0]);
    expect(gradientAt(compiled('sqrt(x^2 + y^2)'), 3, 4)).toEqual([0.6, 0.8]);
    expect(gradientAt(compiled('sqrt(x^2 - 1)'), 0, 0)[0]).toBeNaN();
    expect(gradientAt(compiled('2 * sqrt(x * y)'), 0, 1)[0]).toBe(Number.POSITIVE_INFINITY);
    expect(compiled('expm1(x)').f(1e-10, 0)).toBe(1.00000000005e-10);
  });

  it('poles and out-of-domain points give non-finite values, as the function does', () => {
    expect(compiled('log(x)').f(0, 0)).toBe(Number.NEGATIVE_INFINITY);
    expect(compiled('log(x)').f(-1, 0)).toBeNaN();
    expect(gradientAt(compiled('log(x)'), 0, 0)[0]).toBe(Number.POSITIVE_INFINITY);
    // No slope where the logarithm has no value: a ball there diverges instead of rolling on.
    for (const text of ['log(x) + y^2', 'log2(x)', 'log10(x)']) {
      expect(gradientAt(compiled(text), -1, 0)[0], text).toBeNaN();
      expect(gradientAt(compiled(text), 2, 0)[0], text).toBeGreaterThan(0);
    }
    expect(compiled('1 / x').f(0, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(gradientAt(compiled('sqrt(x)'), 0, 0)[0]).toBe(Number.POSITIVE_INFINITY);
    expect(gradientAt(compiled('sqrt(x)'), -1, 0)[0]).toBeNaN();
    expect(gradientAt(compiled('asin(x)'), 2, 0)[0]).toBeNaN();
  });

  it('terms that vanish identically are dropped, NaN factors of them included', () => {
    // d/dx of 0 * log(y) is 0 even at y = 0, where the term itself is NaN.
    expect(gradientAt(compiled('x + 0 * log(y)'), 1, 0)[0]).toBe(1);
    // y is constant for d/dx: log(y) at y < 0 does not poison it.
    expect(gradientAt(compiled('x^2 + log(y)'), 3, -1)[0]).toBe(6);
  });

  it('a 1D formula writes 0 for d/dy', () => {
    const out = [Number.NaN, Number.NaN];
    compiled('(x - 3)^2 + 2').gradient(1, 123, out);
    expect(out).toEqual([-4, 0]);
  });
});

describe('derivative text', () => {
  it.each([
    ['(1 - x)^2 + 100 * (y - x^2)^2', '-2 * (1 - x) - 400 * ((y - x^2) * x)', '200 * (y - x^2)'],
    ['x^2 + y^2', '2 * x', '2 * y'],
    ['x^2/2 + 25*y^2', 'x', '50 * y'],
    ['20 + x^2 - 10*cos(2*pi*x)', '2 * x + 20 * pi * sin(2 * pi * x)', '0'],
    ['sin(x) * cos(y)', 'cos(x) * cos(y)', '-(sin(x) * sin(y))'],
    ['e^(x*y)', 'e^(x * y) * y', 'e^(x * y) * x'],
    ['x^y', 'y * x^(y - 1)', 'x^y * log(x)'],
    ['min(x, y)', '(x <= y ? 1 : 0)', '(x <= y ? 0 : 1)'],
    ['abs(x - y)', 'sign(x - y)', '-sign(x - y)'],
    // Guarded: log2 has no slope where it has no value (x < 0).
    ['log2(x)', '(0 <= x ? 1 / (log(2) * x) : NaN)', '0'],
  ])('%s', (text, dx, dy) => {
    expect(compiled(text).derivativeText).toEqual([dx, dy]);
  });

  it('is cut with … past the limit; the compiled gradient is whole', () => {
    // A product of many different factors: its derivative has one term per factor.
    const text = Array.from({ length: 60 }, (_, k) => `sin(x+${k})`).join('*');
    const expression = compiled(text);
    expect(expression.derivativeText[0].length).toBe(DERIVATIVE_TEXT_LIMIT + 1);
    expect(expression.derivativeText[0].endsWith('…')).toBe(true);
    const gx = gradientAt(expression, 0.3, 0)[0];
    expect(gx).toBeCloseTo(centralDifference(expression.f, 0.3, 0, 0), 6);
  });
});
