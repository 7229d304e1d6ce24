/**
 * The generated code: JavaScript made only of our own names and re-printed numbers, the fallback
 * without `new Function`, and WGSL shaped like a preset's (only f, gradient and `slopeExpr`
 * helpers, float literals that type as f32, no constant NaN or infinity, bounded nesting). That
 * the WGSL compiles and agrees with the CPU is checked on a GPU by the browser tests.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gradientTrees } from '../../src/core/expr/differentiate.ts';
import { type CompiledExpression, compileExpression } from '../../src/core/expr/index.ts';
import { javascriptSource } from '../../src/core/expr/js-codegen.ts';
import { parseExpression } from '../../src/core/expr/parser.ts';
import { PRESETS, presetExpression } from '../../src/core/landscapes/index.ts';
import { translate } from '../../src/i18n/index.ts';

function compiled(text: string): CompiledExpression {
  const result = compileExpression(text);
  if (!result.ok) throw new Error(`${text}: ${translate(result.error.message)}`);
  return result.expression;
}

function source(text: string): string {
  const parsed = parseExpression(text);
  if (!parsed.ok) throw new Error(text);
  return javascriptSource(parsed.node, gradientTrees(parsed.node, parsed.factory));
}

const FORMULAS = [
  ...PRESETS.map((preset) => presetExpression(preset.id)),
  'sin(x) + cos(y) + tan(x * y) + asin(x / 9) + acos(y / 9) + atan(x) + atan2(y, x)',
  'sinh(x) + cosh(y) + tanh(x) + exp(-x^2) + log(x^2 + 1) + log2(y^2 + 1) + log10(x^2 + y^2 + 1)',
  'sqrt(x^2 + 1) + abs(x) + sign(y) + min(x, y) + max(x, y) + pow(x, y) + floor(x) + ceil(y) + round(x)',
  'x^y + 2^x + e^y + x^0.5 + x^-3 + x^17 + x^0',
  'x + 1e39 + 1e-50 + sqrt(-1) + log(0)',
];

describe('JavaScript', () => {
  it('is made of our own names only: no identifier of the formula text gets in', () => {
    const allowed = new Set(['use', 'strict', 'return', 'f', 'x', 'y', 'gradient', 'out', 'const', 'Math']);
    const functions = new Set(
      [
        'sin',
        'cos',
        'tan',
        'asin',
        'acos',
        'atan',
        'atan2',
        'sinh',
        'cosh',
        'tanh',
        'exp',
        'expm1',
        'log',
        'log2',
      ].concat(['log10', 'sqrt', 'abs', 'sign', 'min', 'max', 'pow', 'floor', 'ceil', 'round']),
    );
    for (const formula of FORMULAS) {
      const text = source(formula);
      // Strip numbers (1e-7 has an `e`), then every word must be ours.
      const words = text.replace(/\b\d+(\.\d+)?(e[+-]?\d+)?\b/g, ' ').match(/[A-Za-z_$][\w$]*/g) ?? [];
      for (const word of words) {
        const ok = allowed.has(word) || /^t\d+$/.test(word) || functions.has(word);
        expect(ok, `${word} in the code of ${formula}`).toBe(true);
      }
      expect(text).not.toMatch(/Math\.(?!(\w+)\()/);
    }
  });

  it('re-prints numbers from their values', () => {
    const text = source('x * 0.10 + 007 * y + 1E+3 + .5e1');
    expect(text).toContain('(x * 0.1)');
    expect(text).not.toMatch(/0\.10|007|E\+3|\.5e1/);
  });

  it('folds constant subexpressions and shares repeated ones', () => {
    expect(source('x * (2 * pi)')).toContain(`(x * ${2 * Math.PI})`);
    // (y - x^2) is computed once for f and once for the gradient, not twice in each.
    const rosenbrock = source(presetExpression('rosenbrock'));
    expect(rosenbrock.match(/\(y - \(x \* x\)\)/g)).toHaveLength(2);
    expect(rosenbrock).not.toContain('Math.pow');
  });

  it('expands small integer powers into products and keeps pow for the rest', () => {
    expect(source('x^3')).toContain('((x * x) * x)');
    expect(source('x^-2')).toContain('(1 / (x * x))');
    expect(source('x^17')).toContain('Math.pow(x, 17)');
    expect(source('x^y')).toContain('Math.pow(x, y)');
    expect(source('e^x')).toContain('Math.exp(x)');
  });

  it('calls the Math functions taken when the compiler loaded, not whatever Math holds later', () => {
    const expression = compiled('sin(x)');
    const original = Math.sin;
    try {
      Math.sin = () => 42;
      expect(expression.f(0.5, 0)).toBe(original(0.5));
      expect(compiled('sin(x)').f(0.5, 0)).toBe(original(0.5));
    } finally {
      Math.sin = original;
    }
  });
});

describe('without new Function (a CSP without unsafe-eval)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('falls back to closures with the same results, and asks only once', async () => {
    vi.resetModules();
    let attempts = 0;
    vi.stubGlobal(
      'Function',
      class RefusedFunction {
        constructor() {
          attempts++;
          throw new EvalError("Refused to evaluate a string as JavaScript: 'unsafe-eval' is not allowed");
        }
      },
    );
    const fresh = await import('../../src/core/expr/index.ts');
    for (const formula of FORMULAS) {
      const refused = fresh.compileExpression(formula);
      vi.unstubAllGlobals();
      const allowed = compileExpression(formula);
      if (!refused.ok || !allowed.ok) throw new Error(`${formula} does not compile`);
      for (const [x, y] of [
        [0.3, -1.7],
        [2.5, 0.5],
        [-1, 0],
      ] as const) {
        const a = [0, 0];
        const b = [0, 0];
        refused.expression.gradient(x, y, a);
        allowed.expression.gradient(x, y, b);
        expect(refused.expression.f(x, y)).toEqual(allowed.expression.f(x, y));
        expect(a).toEqual(b);
      }
    }
    expect(attempts).toBe(1);
  });
});

describe('the typed text never reaches new Function', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('only source printed from the parsed tree does: numbers re-printed, names the parser’s own', async () => {
    vi.resetModules();
    const sources: string[] = [];
    const RealFunction = Function;
    vi.stubGlobal('Function', function RecordingFunction(...args: string[]) {
      sources.push(args.join('\n'));
      return RealFunction(...args);
    });
    const fresh = await import('../../src/core/expr/index.ts');
    const typed = [
      'x   ^ 2+3.14159265358979323846*sin( y )',
      'exp(-(x*x + y*y)/  0.5e1)  -  abs(x-y)',
      'log(1 + x^2) + tanh(y) / 7.000',
    ];
    for (const text of typed) {
      const compiled = fresh.compileExpression(text);
      expect(compiled.ok, text).toBe(true);
    }
    // Text that is not a formula is refused by the parser before any code is made.
    for (const text of ['constructor.constructor("alert(1)")()', 'x;alert(1)', '__proto__', 'this']) {
      expect(fresh.compileExpression(text).ok, text).toBe(false);
    }
    vi.unstubAllGlobals();
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      for (const text of typed) expect(source).not.toContain(text);
      for (const fragment of [
        '3.14159265358979323846',
        'sin( y )',
        '0.5e1',
        '7.000',
        'alert',
        'constructor',
      ]) {
        expect(source).not.toContain(fragment);
      }
    }
  });
});

/** The source without // comments. */
function stripComments(wgsl: string): string {
  return wgsl.replace(/\/\/[^\n]*/g, '');
}

/** Text of `fn name(...) ... { ... }` up to its matching closing brace. */
function functionBody(wgsl: string, name: string): string {
  const start = wgsl.search(new RegExp(`\\bfn ${name}\\(`));
  let depth = 0;
  for (let i = wgsl.indexOf('{', start); i < wgsl.length; i++) {
    if (wgsl[i] === '{') depth++;
    if (wgsl[i] === '}' && --depth === 0) return wgsl.slice(start, i + 1);
  }
  throw new Error(`fn ${name} is not closed`);
}

/** Names declared at module scope by the project's shaders: ours must not collide with them. */
function shaderNames(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync('shaders').filter((name) => name.endsWith('.wgsl'))) {
    const text = stripComments(readFileSync(`shaders/${file}`, 'utf8'));
    for (const match of text.matchAll(
      /\b(?:fn|const|var(?:<[^>]*>)?|override|struct|alias)\s+([A-Za-z_]\w*)/g,
    )) {
      names.add(match[1]!);
    }
  }
  return names;
}

describe('WGSL', () => {
  const taken = shaderNames();

  it.each(FORMULAS)('%s: f, gradient and slopeExpr helpers only, each once', (formula) => {
    const wgsl = stripComments(compiled(formula).wgsl);
    expect(wgsl.match(/\bfn\s+f\s*\(/g)).toHaveLength(1);
    expect(wgsl.match(/\bfn\s+gradient\s*\(/g)).toHaveLength(1);
    expect(wgsl).toMatch(/\bfn f\(x: f32, y: f32\) -> f32 \{/);
    expect(wgsl).toMatch(/\bfn gradient\(x: f32, y: f32\) -> vec2f \{/);
    const declared = [...wgsl.matchAll(/\bfn\s+(\w+)/g)].map((match) => match[1]!);
    expect(new Set(declared).size).toBe(declared.length);
    for (const name of declared) {
      expect(name === 'f' || name === 'gradient' || name.startsWith('slopeExpr'), name).toBe(true);
      if (name !== 'f' && name !== 'gradient') expect(taken.has(name), `${name} is in shaders/`).toBe(false);
    }
    // Every helper called is declared (the WGSL is self-contained).
    for (const match of wgsl.matchAll(/\b(slopeExpr\w+)\(/g)) expect(declared).toContain(match[1]);
    expect(wgsl).not.toMatch(/\$\{|undefined|NaN|Infinity|\benable\b|\bf16\b/);
    let depth = 0;
    for (const char of wgsl) {
      if (char === '{' || char === '(') depth++;
      if (char === '}' || char === ')') depth--;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });

  it.each(FORMULAS)('%s: every number in f and gradient is an f32 literal', (formula) => {
    const wgsl = compiled(formula).wgsl;
    for (const name of ['f', 'gradient']) {
      const body = functionBody(wgsl, name).replace(/\bt\d+\b|vec2f/g, ' ');
      for (const match of body.matchAll(/(?<![\w.])\d[\w.+-]*/g)) {
        expect(match[0], `${match[0]} in fn ${name} of ${formula}`).toMatch(/^\d+(\.\d+|(\.\d+)?e[+-]\d+)$/);
        expect(Number.isFinite(Math.fround(Number(match[0])))).toBe(true);
      }
    }
  });

  it('makes NaN and overflowing constants at run time, never as a constant expression', () => {
    const wgsl = compiled('x + 1e39 + 1e-50 + sqrt(-1) + exp(100) * y').wgsl;
    const f = functionBody(wgsl, 'f');
    expect(f).toContain('slopeExprInf()');
    expect(f).toContain('slopeExprNan()');
    expect(f).not.toMatch(/1e-50|1e\+39|sqrt\(/);
    expect(wgsl).toMatch(/var bits = 0x7fc00000u;\s+return bitcast<f32>\(bits\);/);
  });

  it('includes only the helpers it calls', () => {
    expect(compiled(presetExpression('rosenbrock')).wgsl).not.toContain('slopeExpr');
    const log = compiled('log(x)').wgsl;
    expect([...log.matchAll(/\bfn (slopeExpr\w+)/g)].map((match) => match[1]).sort()).toEqual([
      'slopeExprInf',
      'slopeExprLog',
      'slopeExprNan',
    ]);
  });

  it('reads sin(2 pi x) as x turns, exactly, in f and in the gradient', () => {
    const wgsl = compiled(presetExpression('rastrigin')).wgsl;
    expect(functionBody(wgsl, 'f')).toContain('slopeExprSinCosTurn(x).y');
    expect(functionBody(wgsl, 'gradient')).toContain('slopeExprSinCosTurn(x).x');
    expect(wgsl).not.toMatch(/\b(sin|cos)\(/);
  });

  it('takes sine and cosine of one angle from one call (a gradient needs both)', () => {
    const wgsl = compiled('sin(2*pi*x) + cos(2*pi*x) + cos(y)').wgsl;
    const calls = (body: string) => body.match(/slopeExprSinCosTurn\(/g)?.length ?? 0;
    expect(calls(functionBody(wgsl, 'f'))).toBe(2);
    expect(calls(functionBody(wgsl, 'gradient'))).toBe(2);
  });

  it('writes integer powers as products and x^0.5 as sqrt', () => {
    const wgsl = compiled('x^3 + y^-2 + x^0.5 + x^y').wgsl;
    expect(wgsl).toContain('((x * x) * x)');
    expect(wgsl).toContain('(1.0 / (y * y))');
    expect(wgsl).toContain('slopeExprSqrt(x)');
    expect(wgsl).toContain('slopeExprPow(x, y)');
  });

  it('cuts long expressions into temporaries: parentheses nest at most ~25 deep', () => {
    const wgsl = compiled(`${'x*y+'.repeat(199)}x`).wgsl;
    for (const line of wgsl.split('\n')) {
      let depth = 0;
      let deepest = 0;
      for (const char of line) {
        if (char === '(') deepest = Math.max(deepest, ++depth);
        if (char === ')') depth--;
      }
      expect(deepest).toBeLessThanOrEqual(26);
    }
  });
});
