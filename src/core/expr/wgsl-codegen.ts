/**
 * f and its gradient as WGSL for the GPU backend, printed from the lowered DAG only, like the
 * JavaScript (js-codegen.ts). The output has the shape of a preset's `wgsl`: `fn f`, `fn gradient`
 * and the helpers they call, all self-contained and named `slopeExpr...` so they clash with
 * nothing in shaders/*.wgsl.
 *
 * The helpers give JavaScript's answer where WGSL leaves a builtin undefined or lets NaN vanish:
 * log, sqrt, asin, acos and pow of out-of-domain arguments give NaN (or -Infinity); every builtin
 * but abs passes NaN on through an explicit bit test; round rounds halves up. So a formula that is
 * NaN somewhere on the CPU is NaN at the same places on the GPU, and those balls diverge on both.
 * (Values beyond float32's range, ~3.4e38, are infinite on the GPU only: that cannot be helped.)
 */

import { turnSinCosWgsl } from '../turn-trig.ts';
import type { Node } from './ast.ts';
import type { FunctionName } from './functions.ts';
import { emitProgram, type IrOperation, lowerToIr, type Syntax } from './ir.ts';

/** Smallest positive normal float32: below it a literal is written as 0 (devices may flush it). */
const MIN_NORMAL_F32 = 2 ** -126;

type HelperName =
  | 'slopeExprNan'
  | 'slopeExprInf'
  | 'slopeExprIsNan'
  | 'slopeExprSqrt'
  | 'slopeExprExp'
  | 'slopeExprExpm1'
  | 'slopeExprAtan'
  | 'slopeExprSinh'
  | 'slopeExprCosh'
  | 'slopeExprFloor'
  | 'slopeExprCeil'
  | 'slopeExprLog'
  | 'slopeExprLog2'
  | 'slopeExprLog10'
  | 'slopeExprAsin'
  | 'slopeExprAcos'
  | 'slopeExprAtan2'
  | 'slopeExprTanh'
  | 'slopeExprSign'
  | 'slopeExprMin'
  | 'slopeExprMax'
  | 'slopeExprRound'
  | 'slopeExprPow'
  | 'slopeExprSinCosTurn'
  | 'slopeExprTanTurn';

interface Helper {
  /** Helpers this one calls. */
  readonly uses: readonly HelperName[];
  readonly source: string;
}

/** A finite, non-negative float32 as printed: digits, point, optional exponent. */
const PLAIN_LITERAL = /^\d+(\.\d+)?(e[+-]\d+)?$/;

/**
 * A finite `value` as a float32 WGSL literal, always with a `.` or an exponent so it types as f32.
 * Printed from Math.fround(value), so the literal is exactly representable.
 */
function wgslLiteral(value: number): string {
  const text = String(Math.abs(value));
  const literal = /[.e]/.test(text) ? text : `${text}.0`;
  if (!PLAIN_LITERAL.test(literal)) throw new Error(`expr: cannot print ${text} as a WGSL literal`);
  return value < 0 ? `(-${literal})` : literal;
}

/**
 * `builtin(a)`, but NaN for NaN. WGSL lets an implementation assume there is no NaN, and some
 * approximate exp, pow or atan from the bits of the argument: SwiftShader's pow(NaN, b) is 0 or
 * huge, and a NaN there would turn into a finite, plausible value. A bit test cannot be folded.
 */
function nanPreserving(name: HelperName, builtin: string): Helper {
  return {
    uses: ['slopeExprIsNan'],
    source: `fn ${name}(a: f32) -> f32 {
  return select(${builtin}(a), a, slopeExprIsNan(a));
}
`,
  };
}

/** `if (a > 0) f(a)`, -Infinity at 0, NaN below (and for NaN): JavaScript's logarithms. */
function logarithm(name: HelperName, body: string): Helper {
  return {
    uses: ['slopeExprNan', 'slopeExprInf'],
    source: `fn ${name}(a: f32) -> f32 {
  if (a > 0.0) {
    return ${body};
  }
  if (a == 0.0) {
    return -slopeExprInf();
  }
  return slopeExprNan();
}
`,
  };
}

/** Every helper, in the order they are written out. */
const HELPERS: Readonly<Record<HelperName, Helper>> = {
  slopeExprNan: {
    uses: [],
    source: `// NaN made at run time (from a var): a NaN or an infinity in a const-expression, e.g. a
// bitcast of a literal, is a shader-creation error.
fn slopeExprNan() -> f32 {
  var bits = 0x7fc00000u;
  return bitcast<f32>(bits);
}
`,
  },
  slopeExprInf: {
    uses: [],
    source: `// +Infinity made at run time, for the same reason as slopeExprNan.
fn slopeExprInf() -> f32 {
  var bits = 0x7f800000u;
  return bitcast<f32>(bits);
}
`,
  },
  slopeExprIsNan: {
    uses: [],
    source: `// A bit test: WGSL lets a compiler assume floats are not NaN, so \`v != v\` may be folded away.
fn slopeExprIsNan(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u;
}
`,
  },
  slopeExprSqrt: {
    uses: ['slopeExprNan', 'slopeExprIsNan'],
    source: `fn slopeExprSqrt(a: f32) -> f32 {
  return select(sqrt(a), slopeExprNan(), a < 0.0 || slopeExprIsNan(a));
}
`,
  },
  slopeExprExp: nanPreserving('slopeExprExp', 'exp'),
  slopeExprExpm1: {
    uses: ['slopeExprIsNan'],
    source: `// WGSL has no expm1: a degree-5 Taylor polynomial where exp(t) - 1 would cancel (relative error
// below 5e-8 for |t| < 0.125), exp(t) - 1 elsewhere (at most 3 bits lost).
fn slopeExprExpm1(t: f32) -> f32 {
  let series = t * (1.0 + t * (0.5 + t * (1.0 / 6.0 + t * (1.0 / 24.0 + t * (1.0 / 120.0)))));
  return select(select(exp(t) - 1.0, series, abs(t) < 0.125), t, slopeExprIsNan(t));
}
`,
  },
  slopeExprAtan: nanPreserving('slopeExprAtan', 'atan'),
  slopeExprSinh: nanPreserving('slopeExprSinh', 'sinh'),
  slopeExprCosh: nanPreserving('slopeExprCosh', 'cosh'),
  slopeExprFloor: nanPreserving('slopeExprFloor', 'floor'),
  slopeExprCeil: nanPreserving('slopeExprCeil', 'ceil'),
  slopeExprLog: logarithm('slopeExprLog', 'log(a)'),
  slopeExprLog2: logarithm('slopeExprLog2', 'log2(a)'),
  slopeExprLog10: logarithm(
    'slopeExprLog10',
    `log2(a) * ${wgslLiteral(Math.fround(Math.LOG10E / Math.LOG2E))}`,
  ),
  slopeExprAsin: {
    uses: ['slopeExprNan'],
    source: `fn slopeExprAsin(a: f32) -> f32 {
  return select(slopeExprNan(), asin(a), abs(a) <= 1.0);
}
`,
  },
  slopeExprAcos: {
    uses: ['slopeExprNan'],
    source: `fn slopeExprAcos(a: f32) -> f32 {
  return select(slopeExprNan(), acos(a), abs(a) <= 1.0);
}
`,
  },
  slopeExprAtan2: {
    uses: ['slopeExprIsNan'],
    source: `// JavaScript's atan2 is 0 at (0, 0), where WGSL's is undefined.
fn slopeExprAtan2(y: f32, x: f32) -> f32 {
  if (slopeExprIsNan(y) || slopeExprIsNan(x)) {
    return y + x;
  }
  return select(atan2(y, x), 0.0, y == 0.0 && x == 0.0);
}
`,
  },
  slopeExprTanh: {
    uses: ['slopeExprIsNan'],
    source: `// tanh(±10) is ±1 in float32 already; the clamp keeps a tanh built from sinh / cosh from
// overflowing to NaN for large arguments.
fn slopeExprTanh(a: f32) -> f32 {
  return select(tanh(clamp(a, -10.0, 10.0)), a, slopeExprIsNan(a));
}
`,
  },
  slopeExprSign: {
    uses: ['slopeExprIsNan'],
    source: `fn slopeExprSign(a: f32) -> f32 {
  return select(sign(a), a, slopeExprIsNan(a));
}
`,
  },
  slopeExprMin: {
    uses: ['slopeExprIsNan'],
    source: `// NaN in, NaN out, as Math.min (WGSL's min may return the other argument).
fn slopeExprMin(a: f32, b: f32) -> f32 {
  return select(min(a, b), a + b, slopeExprIsNan(a) || slopeExprIsNan(b));
}
`,
  },
  slopeExprMax: {
    uses: ['slopeExprIsNan'],
    source: `fn slopeExprMax(a: f32, b: f32) -> f32 {
  return select(max(a, b), a + b, slopeExprIsNan(a) || slopeExprIsNan(b));
}
`,
  },
  slopeExprRound: {
    uses: ['slopeExprIsNan'],
    source: `// Math.round rounds halves up (2.5 to 3, -2.5 to -2); WGSL's round rounds them to even.
fn slopeExprRound(a: f32) -> f32 {
  let r = round(a);
  return select(select(r, r + 1.0, a - r == 0.5), a, slopeExprIsNan(a));
}
`,
  },
  slopeExprPow: {
    uses: ['slopeExprNan', 'slopeExprInf', 'slopeExprIsNan'],
    source: `// Math.pow where WGSL's pow, exp2(b * log2(a)), is undefined: a <= 0, and NaN (see
// nanPreserving in src/core/expr/wgsl-codegen.ts).
fn slopeExprPow(a: f32, b: f32) -> f32 {
  if (b == 0.0) {
    return 1.0;
  }
  if (slopeExprIsNan(a) || slopeExprIsNan(b)) {
    return slopeExprNan();
  }
  let magnitude = abs(a);
  var result = pow(magnitude, b);
  if (magnitude == 0.0) {
    result = select(slopeExprInf(), 0.0, b > 0.0);
  }
  if (a < 0.0) {
    // A negative base has a real power only for an integer exponent; an odd one keeps the sign.
    if (b != floor(b)) {
      return slopeExprNan();
    }
    if (fract(0.5 * b) != 0.0) {
      return -result;
    }
  }
  return result;
}
`,
  },
  slopeExprSinCosTurn: {
    uses: [],
    source: turnSinCosWgsl('slopeExprSinCosTurn'),
  },
  slopeExprTanTurn: {
    uses: ['slopeExprSinCosTurn'],
    source: `fn slopeExprTanTurn(t: f32) -> f32 {
  let wave = slopeExprSinCosTurn(t);
  return wave.x / wave.y;
}
`,
  },
};

/** Functions WGSL has with JavaScript's meaning (accuracy aside) for every argument, NaN included. */
const BUILTINS: ReadonlySet<FunctionName> = new Set<FunctionName>(['abs']);

/** Functions written through a helper of this name. */
const HELPER_FOR: Partial<Record<IrOperation, HelperName>> = {
  sqrt: 'slopeExprSqrt',
  log: 'slopeExprLog',
  log2: 'slopeExprLog2',
  log10: 'slopeExprLog10',
  asin: 'slopeExprAsin',
  acos: 'slopeExprAcos',
  atan2: 'slopeExprAtan2',
  tanh: 'slopeExprTanh',
  sign: 'slopeExprSign',
  min: 'slopeExprMin',
  max: 'slopeExprMax',
  round: 'slopeExprRound',
  pow: 'slopeExprPow',
  exp: 'slopeExprExp',
  expm1: 'slopeExprExpm1',
  atan: 'slopeExprAtan',
  sinh: 'slopeExprSinh',
  cosh: 'slopeExprCosh',
  floor: 'slopeExprFloor',
  ceil: 'slopeExprCeil',
  tanTurn: 'slopeExprTanTurn',
};

const OPERATORS: Partial<Record<IrOperation, string>> = { add: '+', sub: '-', mul: '*', div: '/' };

/** A Syntax that records the helpers the printed code calls. */
class WgslSyntax implements Syntax {
  readonly used = new Set<HelperName>();

  constant(value: number): string {
    const single = Math.fround(value);
    if (Number.isNaN(single)) return this.call('slopeExprNan', []);
    if (!Number.isFinite(single)) return `(${single < 0 ? '-' : ''}${this.call('slopeExprInf', [])})`;
    if (Object.is(single, -0) || (single < 0 && single > -MIN_NORMAL_F32)) return '(-0.0)';
    if (single < MIN_NORMAL_F32 && single >= 0) return '0.0';
    return wgslLiteral(single);
  }

  variable(name: string): string {
    return name;
  }

  operation(op: IrOperation, args: readonly string[]): string {
    const operator = OPERATORS[op];
    if (operator) return `(${args[0]} ${operator} ${args[1]})`;
    const helper = HELPER_FOR[op];
    if (helper) return this.call(helper, args);
    switch (op) {
      case 'neg':
        return `(-${args[0]})`;
      case 'select':
        return `select(${args[3]}, ${args[2]}, ${args[0]} <= ${args[1]})`;
      case 'sinCosTurn':
        return this.call('slopeExprSinCosTurn', args);
      case 'sinTurn':
        return `${args[0]}.x`;
      case 'cosTurn':
        return `${args[0]}.y`;
      default:
        if (BUILTINS.has(op as FunctionName)) return `${op}(${args.join(', ')})`;
        // sin, cos and tan are lowered to turns for WGSL (ir.ts) and never reach here.
        throw new Error(`expr: no WGSL for ${op}`);
    }
  }

  private call(helper: HelperName, args: readonly string[]): string {
    this.used.add(helper);
    return `${helper}(${args.join(', ')})`;
  }
}

/** Every helper `used` needs, itself included, in HELPERS order. */
function withDependencies(used: ReadonlySet<HelperName>): HelperName[] {
  const needed = new Set<HelperName>();
  const add = (name: HelperName): void => {
    if (needed.has(name)) return;
    needed.add(name);
    HELPERS[name].uses.forEach(add);
  };
  used.forEach(add);
  return (Object.keys(HELPERS) as HelperName[]).filter((name) => needed.has(name));
}

/**
 * WGSL defining `fn f(x: f32, y: f32) -> f32`, `fn gradient(x: f32, y: f32) -> vec2f` and their
 * helpers, for `root` and its derivative trees `gradient` (d/dx, d/dy).
 */
export function generateWgsl(root: Node, gradient: readonly [Node, Node]): string {
  const syntax = new WgslSyntax();
  const fProgram = emitProgram(lowerToIr([root], 'float32'), syntax);
  const gradientProgram = emitProgram(lowerToIr(gradient, 'float32'), syntax);
  const declare = (program: ReturnType<typeof emitProgram>): string =>
    program.declarations.map(({ name, text }) => `  let ${name} = ${text};\n`).join('');
  const helpers = withDependencies(syntax.used).map((name) => HELPERS[name].source);
  return `// Generated by src/core/expr from the parsed formula.
fn f(x: f32, y: f32) -> f32 {
${declare(fProgram)}  return ${fProgram.results[0]};
}

fn gradient(x: f32, y: f32) -> vec2f {
${declare(gradientProgram)}  return vec2f(${gradientProgram.results[0]}, ${gradientProgram.results[1]});
}
${helpers.map((source) => `\n${source}`).join('')}`;
}

/**
 * WGSL defining `fn <name>(<parameters>: f32...) -> vec<N>f` returning the values of `roots` (two to
 * four), and the helpers it calls: e.g. a model's output and its slope in each parameter. The
 * parameters' names are the parser's variables (never typed text).
 */
export function generateWgslFunction(
  name: string,
  roots: readonly Node[],
  parameters: readonly string[],
): string {
  if (roots.length < 2 || roots.length > 4) throw new RangeError('wgsl: two to four values');
  const syntax = new WgslSyntax();
  const program = emitProgram(lowerToIr(roots, 'float32'), syntax);
  const declarations = program.declarations
    .map(({ name: temp, text }) => `  let ${temp} = ${text};\n`)
    .join('');
  const helpers = withDependencies(syntax.used).map((helper) => HELPERS[helper].source);
  const signature = parameters.map((parameter) => `${parameter}: f32`).join(', ');
  return `// Generated by src/core/expr.
fn ${name}(${signature}) -> vec${roots.length}f {
${declarations}  return vec${roots.length}f(${program.results.join(', ')});
}
${helpers.map((source) => `\n${source}`).join('')}`;
}
