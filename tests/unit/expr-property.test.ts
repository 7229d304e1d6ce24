/**
 * Property tests of the expression compiler (issue 5), seeded so every run checks the same cases:
 * - random valid formulas, printed with random spacing, redundant parentheses and implicit
 *   multiplication, parse to the tree that was generated, compile, and the compiled f and gradient
 *   match the reference evaluator on f and on the derivative trees, and central differences where
 *   f is smooth;
 * - random invalid text gives an error with a position inside the text, and never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node } from '../../src/core/expr/ast.ts';
import { gradientTrees } from '../../src/core/expr/differentiate.ts';
import { applyBinary, evaluate } from '../../src/core/expr/evaluate.ts';
import { applyFunction, EXPRESSION_FUNCTIONS, type FunctionName } from '../../src/core/expr/functions.ts';
import { compileExpression } from '../../src/core/expr/index.ts';
import { compileClosures } from '../../src/core/expr/js-codegen.ts';
import { parseExpression } from '../../src/core/expr/parser.ts';
import { translate } from '../../src/i18n/index.ts';

// --- Random trees, independent of the compiler's own tree and printer. ---

type Gen =
  | { readonly kind: 'number'; readonly value: number; readonly text: string }
  | { readonly kind: 'name'; readonly name: 'x' | 'y' | 'pi' | 'e' }
  | { readonly kind: 'unary'; readonly operator: '-' | '+'; readonly operand: Gen }
  | {
      readonly kind: 'binary';
      readonly operator: '+' | '-' | '*' | '/' | '^';
      readonly left: Gen;
      readonly right: Gen;
    }
  | { readonly kind: 'call'; readonly name: FunctionName; readonly args: readonly Gen[] };

/** Numbers in the spellings the lexer takes: `2`, `0.5`, `.5`, `5.`, `1e-3`, `2E+1`. */
const numberArbitrary: fc.Arbitrary<Gen> = fc
  .constantFrom(
    ['0', 0],
    ['1', 1],
    ['2', 2],
    ['3', 3],
    ['4', 4],
    ['10', 10],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1.5', 1.5],
    ['2.25', 2.25],
    ['0.1', 0.1],
    ['1e-3', 0.001],
    ['2E+1', 20],
    ['3e0', 3],
    ['007', 7],
  )
  .map(([text, value]) => ({ kind: 'number', value, text }));

const leafArbitrary: fc.Arbitrary<Gen> = fc.oneof(
  { weight: 2, arbitrary: numberArbitrary },
  { weight: 4, arbitrary: fc.constantFrom('x', 'y').map((name) => ({ kind: 'name', name }) as Gen) },
  { weight: 1, arbitrary: fc.constantFrom('pi', 'e').map((name) => ({ kind: 'name', name }) as Gen) },
);

const FUNCTIONS = EXPRESSION_FUNCTIONS.map((fn) => [fn.name as FunctionName, fn.arity] as const);

const treeArbitrary: fc.Memo<Gen> = fc.memo((depth) => {
  if (depth <= 1) return leafArbitrary;
  return fc.oneof(
    { weight: 2, arbitrary: leafArbitrary },
    {
      weight: 1,
      arbitrary: fc
        .record({ operator: fc.constantFrom('-', '-', '+'), operand: treeArbitrary(depth - 1) })
        .map(({ operator, operand }) => ({ kind: 'unary', operator, operand }) as Gen),
    },
    {
      weight: 4,
      arbitrary: fc
        .record({
          operator: fc.constantFrom('+', '-', '*', '/', '^'),
          left: treeArbitrary(depth - 1),
          right: treeArbitrary(depth - 1),
        })
        .map((binary) => ({ kind: 'binary', ...binary }) as Gen),
    },
    {
      weight: 3,
      arbitrary: fc
        .record({
          fn: fc.constantFrom(...FUNCTIONS),
          args: fc.array(treeArbitrary(depth - 1), { minLength: 2, maxLength: 2 }),
        })
        .map(({ fn: [name, arity], args }) => ({ kind: 'call', name, args: args.slice(0, arity) }) as Gen),
    },
  );
});

/** The generated tree's value, computed here without the compiler's evaluator. */
function evaluateGen(node: Gen, x: number, y: number): number {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'name':
      return node.name === 'x' ? x : node.name === 'y' ? y : node.name === 'pi' ? Math.PI : Math.E;
    case 'unary': {
      const value = evaluateGen(node.operand, x, y);
      return node.operator === '-' ? -value : value;
    }
    case 'binary':
      return applyBinary(node.operator, evaluateGen(node.left, x, y), evaluateGen(node.right, x, y));
    case 'call':
      return applyFunction(
        node.name,
        node.args.map((arg) => evaluateGen(arg, x, y)),
      );
  }
}

/** Binding strength as the grammar defines it: + - 1, * / 2, unary 3, ^ 4, atoms 5. */
function strength(node: Gen): number {
  if (node.kind === 'unary') return 3;
  if (node.kind !== 'binary') return 5;
  return { '+': 1, '-': 1, '*': 2, '/': 2, '^': 4 }[node.operator];
}

/**
 * Text for a tree: parentheses where the grammar needs them and, driven by `choices`, extra
 * ones, random spaces, and a number written against a name or `(` (implicit multiplication).
 */
function printGen(node: Gen, choices: () => number): string {
  const space = (): string => [' ', '', '', '  ', '\t'][choices() % 5]!;
  const group = (child: Gen, needed: boolean): string => {
    const text = printGen(child, choices);
    return needed || choices() % 7 === 0 ? `(${space()}${text}${space()})` : text;
  };
  switch (node.kind) {
    case 'number':
      return node.text;
    case 'name':
      return node.name === 'pi' && choices() % 3 === 0 ? 'π' : node.name;
    case 'unary':
      // A unary operand may be another unary or a power; anything weaker needs parentheses.
      return `${node.operator}${space()}${group(node.operand, strength(node.operand) < 3)}`;
    case 'binary': {
      const own = strength(node);
      if (node.operator === '^') {
        // The base is an atom; the exponent is a unary expression (2^-1), itself right-associative.
        const base = group(node.left, strength(node.left) <= 4);
        const exponent = group(node.right, strength(node.right) < 3);
        return `${base}${space()}${choices() % 4 === 0 ? '**' : '^'}${space()}${exponent}`;
      }
      const left = group(node.left, strength(node.left) < own);
      const right = group(node.right, strength(node.right) <= own);
      const bareNumber = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(left);
      if (node.operator === '*' && bareNumber && /^[a-zπ(]/.test(right) && choices() % 2 === 0) {
        // `2x`, `2 pi`, `3(x + 1)`; a space before e or exp, else `2e+3` would read as 2000.
        return `${left}${/^e/.test(right) ? ' ' : space()}${right}`;
      }
      return `${left}${space()}${node.operator}${space()}${right}`;
    }
    case 'call':
      return `${node.name}(${node.args.map((arg) => `${space()}${printGen(arg, choices)}${space()}`).join(',')})`;
  }
}

const validFormula = fc
  .record({ tree: treeArbitrary(5), choices: fc.array(fc.nat(1000), { minLength: 1, maxLength: 64 }) })
  .map(({ tree, choices }) => {
    let next = 0;
    const text = printGen(tree, () => choices[next++ % choices.length]!);
    return { tree, text };
  });

// --- Comparing numbers that went through different but equivalent roundings. ---

function sameValue(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) || a === b;
}

/**
 * The tree's value with every operation's result nudged by a relative `epsilon`, up or down by a
 * hash of the node id and `pattern`: how far rounding differences of that size can move the
 * result at (x, y).
 */
function evaluateNudged(node: Node, x: number, y: number, epsilon: number, pattern: number): number {
  const up = ((Math.imul(node.id + 1, 0x9e3779b1) >>> (pattern + 7)) & 1) === 1;
  const nudge = (value: number): number => value * (1 + (up ? epsilon : -epsilon));
  const recurse = (child: Node): number => evaluateNudged(child, x, y, epsilon, pattern);
  switch (node.kind) {
    case 'number':
    case 'constant':
      return node.value;
    case 'variable':
      return node.name === 'x' ? x : y;
    case 'negate':
      return -recurse(node.operand);
    case 'binary':
      return nudge(applyBinary(node.operator, recurse(node.left), recurse(node.right)));
    case 'call':
      return nudge(applyFunction(node.name, node.args.map(recurse)));
    case 'select':
      return recurse(node.left) <= recurse(node.right)
        ? recurse(node.whenLessOrEqual)
        : recurse(node.otherwise);
  }
}

const RELATIVE_TOLERANCE = 1e-9;
/** Nudge for the conditioning check: 1000 times the rounding differences it stands for. */
const NUDGE = 1e-13;

function close(a: number, b: number, tolerance: number): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Whether the value of `node` at (x, y) is stable under rounding: nudging every operation by
 * NUDGE (three patterns of up and down) moves it by at most 1e-6 relative and keeps it finite or
 * the same non-finite value. Not so near catastrophic cancellation, a jump of floor or sign, a
 * pole, or a removable singularity like x / x at 0.
 */
function wellConditioned(node: Node, x: number, y: number): boolean {
  const expected = evaluate(node, x, y);
  return [0, 1, 2].every((pattern) =>
    [NUDGE, -NUDGE].every((epsilon) => {
      const nudged = evaluateNudged(node, x, y, epsilon, pattern);
      return Number.isFinite(expected)
        ? Number.isFinite(nudged) && close(nudged, expected, 1e-6)
        : sameValue(nudged, expected);
    }),
  );
}

/**
 * Whether `actual` (compiled code, which rounds differently in places, e.g. x^3 as x * x * x)
 * matches the reference value of `node`; undefined where the value is too sensitive to rounding
 * to tell.
 */
function matchesReference(node: Node, x: number, y: number, actual: number): boolean | undefined {
  const expected = evaluate(node, x, y);
  if (sameValue(expected, actual)) return true;
  if (!wellConditioned(node, x, y)) return undefined;
  return Number.isFinite(expected) && Number.isFinite(actual) && close(actual, expected, RELATIVE_TOLERANCE);
}

/** Mostly plain points in [-3, 3]; some round ones and some of fast-check's extreme doubles. */
const pointArbitrary = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3_000_000, max: 3_000_000 }).map((n) => n / 1_000_000 + 1e-7) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, -1, 0.5, 2, -2) },
  { weight: 1, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) },
);

describe('random valid formulas', () => {
  it('parse to the generated tree (precedence, associativity, spacing, implicit *)', () => {
    fc.assert(
      fc.property(validFormula, pointArbitrary, pointArbitrary, ({ tree, text }, x, y) => {
        const parsed = parseExpression(text);
        if (!parsed.ok)
          throw new Error(`${text}: ${translate(parsed.error.message)} at ${parsed.error.position}`);
        expect(sameValue(evaluate(parsed.node, x, y), evaluateGen(tree, x, y)), text).toBe(true);
      }),
      { seed: 42, numRuns: 2_000 },
    );
  });

  it('compile, and f and the gradient match the reference evaluator and finite differences', () => {
    const counts = { compared: 0, skipped: 0, differenced: 0, notSmooth: 0 };
    fc.assert(
      fc.property(validFormula, pointArbitrary, pointArbitrary, ({ text }, x, y) => {
        const result = compileExpression(text);
        if (!result.ok)
          throw new Error(`${text}: ${translate(result.error.message)} at ${result.error.position}`);
        const { f, gradient } = result.expression;
        const parsed = parseExpression(text);
        if (!parsed.ok) throw new Error('parses once, not twice');
        const [dx, dy] = gradientTrees(parsed.node, parsed.factory);
        const out = [Number.NaN, Number.NaN];
        gradient(x, y, out);
        for (const [node, actual, what] of [
          [parsed.node, f(x, y), 'f'],
          [dx, out[0]!, 'd/dx'],
          [dy, out[1]!, 'd/dy'],
        ] as const) {
          const match = matchesReference(node, x, y, actual);
          if (match === undefined) counts.skipped++;
          else counts.compared++;
          if (match === false) {
            throw new Error(
              `${text}: ${what} at (${x}, ${y}) is ${actual}, expected ${evaluate(node, x, y)}`,
            );
          }
        }
        // Central differences along x and y, where f is smooth enough to trust them and the
        // derivative's own formula is not lost to cancellation (x / x near 0, say). Not at
        // subnormal coordinates either: y / 5 at y = 1e-323 has one significant bit, so
        // differences there see steps, not slopes.
        if ([x, y].some((v) => v !== 0 && Math.abs(v) < 1e-100)) return;
        // Nor through floor, ceil, round or sign: with a steep argument their steps come so close
        // together that differences see a slope (their derivative, 0, is checked against the
        // reference above).
        if (/floor|ceil|round|sign/.test(text)) return;
        for (const [axis, analytic, tree] of [
          ['x', out[0]!, dx],
          ['y', out[1]!, dy],
        ] as const) {
          const check = finiteDifference(f, x, y, axis);
          const drift = check ? gradientDrift(gradient, x, y, axis, check.step, analytic) : Number.NaN;
          // A derivative that changes by over 1% across the stencil (a pole at 1e-316) is not
          // something differences at this step can check.
          const steady = drift <= 1e-2 * Math.max(1, Math.abs(analytic));
          if (!check || !steady || !Number.isFinite(analytic) || !wellConditioned(tree, x, y)) {
            counts.notSmooth++;
            continue;
          }
          counts.differenced++;
          const tolerance = 1e-5 * Math.max(1, Math.abs(analytic)) + check.noise + 2 * drift;
          if (!(Math.abs(analytic - check.slope) <= tolerance)) {
            throw new Error(
              `${text}: d/d${axis} at (${x}, ${y}) is ${analytic}, differences give ${check.slope}`,
            );
          }
        }
      }),
      { seed: 42, numRuns: 10_000 },
    );
    // Not vacuous: most values are compared, most gradients are checked by differences.
    expect(counts.compared).toBeGreaterThan(0.9 * (counts.compared + counts.skipped));
    expect(counts.differenced).toBeGreaterThan(0.5 * (counts.differenced + counts.notSmooth));
    // 10,000 formulas take a few seconds; a busy shared machine must not turn that into a failure.
  }, 120_000);

  it('run the same through the closures used without new Function, to the bit', () => {
    fc.assert(
      fc.property(validFormula, pointArbitrary, pointArbitrary, ({ text }, x, y) => {
        const compiled = compileExpression(text);
        const parsed = parseExpression(text);
        if (!compiled.ok || !parsed.ok) throw new Error(`${text} does not compile`);
        const trees = gradientTrees(parsed.node, parsed.factory);
        const closures = compileClosures(parsed.node, [
          trees[0],
          compiled.expression.dimensions === 1 ? parsed.factory.number(0) : trees[1],
        ]);
        const a = [0, 0];
        const b = [0, 0];
        compiled.expression.gradient(x, y, a);
        closures.gradient(x, y, b);
        expect(sameValue(compiled.expression.f(x, y), closures.f(x, y)), text).toBe(true);
        expect(sameValue(a[0]!, b[0]!) && sameValue(a[1]!, b[1]!), text).toBe(true);
      }),
      { seed: 7, numRuns: 1_000 },
    );
  });
});

/**
 * How far the compiled derivative along `axis` moves from `analytic` half a step either side. A
 * kink inside the stencil (abs at 1e-324, say) shows up as a jump here, and the differences may
 * miss the analytic value by about that much; a wrong derivative rule misses by far more.
 */
function gradientDrift(
  gradient: (x: number, y: number, out: number[]) => void,
  x: number,
  y: number,
  axis: 'x' | 'y',
  step: number,
  analytic: number,
): number {
  const component = axis === 'x' ? 0 : 1;
  return Math.max(
    ...[-step / 2, step / 2].map((offset) => {
      const out = [Number.NaN, Number.NaN];
      if (axis === 'x') gradient(x + offset, y, out);
      else gradient(x, y + offset, out);
      return Math.abs(out[component]! - analytic);
    }),
  );
}

/**
 * d f / d axis at (x, y) by central differences with steps h and h/2, or undefined where the two
 * or the one-sided slopes disagree (a kink, a jump or a pole within h) or f is not finite (or
 * huge) around the point. `noise` is
 * the rounding error the differences can carry.
 */
function finiteDifference(
  f: (x: number, y: number) => number,
  x: number,
  y: number,
  axis: 'x' | 'y',
): { slope: number; noise: number; step: number } | undefined {
  const at = axis === 'x' ? x : y;
  const h = 1e-5 * Math.max(1, Math.abs(at));
  const value = (offset: number): number => (axis === 'x' ? f(x + offset, y) : f(x, y + offset));
  const samples = [value(-h), value(-h / 2), value(0), value(h / 2), value(h)];
  // Beyond 2^52 every double is an integer: floor, round and friends become the identity there.
  if (!samples.every((sample) => Number.isFinite(sample) && Math.abs(sample) < 1e12)) return undefined;
  const [minusH, minusHalf, centre, plusHalf, plusH] = samples as [number, number, number, number, number];
  const coarse = (plusH - minusH) / (2 * h);
  const fine = (plusHalf - minusHalf) / h;
  const noise = (4 * Number.EPSILON * Math.max(...samples.map(Math.abs))) / h;
  if (!Number.isFinite(coarse) || !Number.isFinite(fine) || !Number.isFinite(noise)) return undefined;
  if (Math.abs(coarse - fine) > 1e-6 * Math.max(1, Math.abs(fine)) + noise) return undefined;
  // One-sided slopes must agree too: a pole or a kink can be symmetric enough to fool the above.
  const forward = (plusHalf - centre) / (h / 2);
  const backward = (centre - minusHalf) / (h / 2);
  if (Math.abs(forward - backward) > 1e-2 * Math.max(1, Math.abs(fine)) + 4 * noise) return undefined;
  return { slope: fine, noise: 2 * noise, step: h };
}

describe('random invalid text', () => {
  const checkError = (text: string, mustFail = false): void => {
    const result = compileExpression(text);
    if (result.ok) {
      expect(mustFail, `${JSON.stringify(text)} compiled`).toBe(false);
      return;
    }
    const { position, length, message } = result.error;
    expect(translate(message).length).toBeGreaterThan(0);
    expect(position).toBeGreaterThanOrEqual(0);
    expect(position).toBeLessThanOrEqual(text.length);
    expect(length).toBeGreaterThanOrEqual(0);
    expect(position + length).toBeLessThanOrEqual(text.length);
    expect(translate(message)).not.toMatch(/internal error/);
  };

  it('junk characters give an error with a position in the text, never a throw', () => {
    const junk = fc.string({
      unit: fc.constantFrom(
        ...'xy()+-*/^,.0123456789e sinpa;=[]{}!@#$%&|\\"\'`~<>?_\u0000\u00e9\u03c0\u2212',
      ),
      maxLength: 40,
    });
    fc.assert(
      fc.property(junk, (text) => checkError(text)),
      { seed: 42, numRuns: 10_000 },
    );
  });

  it('arbitrary unicode strings never throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => checkError(text)),
      { seed: 42, numRuns: 10_000 },
    );
  });

  it('truncated and unbalanced valid formulas give an error at or before the end', () => {
    const broken = fc
      .record({
        formula: validFormula,
        cut: fc.nat(),
        how: fc.constantFrom('truncate', 'open', 'close', 'operator'),
      })
      .map(({ formula: { text }, cut, how }) => {
        const at = cut % (text.length + 1);
        if (how === 'truncate') return { text: text.slice(0, at), mustFail: false };
        if (how === 'open') return { text: `${text.slice(0, at)}(${text.slice(at)}`, mustFail: true };
        if (how === 'close') return { text: `${text.slice(0, at)})${text.slice(at)}`, mustFail: true };
        return { text: `${text}${'+-*/^'[cut % 5]}`, mustFail: true };
      });
    fc.assert(
      fc.property(broken, ({ text, mustFail }) => {
        checkError(text, mustFail);
      }),
      { seed: 42, numRuns: 5_000 },
    );
  });
});
