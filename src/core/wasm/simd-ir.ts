/**
 * The expression IR (src/core/expr/ir.ts, lowered for float32 targets) as WebAssembly SIMD: four
 * balls at once, each value in an f32x4 local. Sine and cosine are the same float32 polynomials in
 * turns as the WGSL's (src/core/turn-trig.ts), so both float32 backends agree (tangent is their
 * quotient); exp, expm1, the logarithms, pow, the inverse trigonometric and the hyperbolic functions
 * are float32-math.ts's, each within a few float32 ulps of Math.* and with its special values.
 * Every IR operation has code here; one added to the IR without any is refused with
 * `WasmUnsupported`, and the caller keeps the JavaScript kernel.
 */
import type { IrValue } from '../expr/ir.ts';
import { TURN_COS_COEFFICIENTS, TURN_SIN_COEFFICIENTS } from '../turn-trig.ts';
import { type Code, type Locals, V128 } from './binary.ts';
import {
  acosSimd,
  asinSimd,
  atan2Simd,
  atanSimd,
  coshSimd,
  expm1Simd,
  expSimd,
  hornerSimd,
  logSimd,
  powSimd,
  sinhSimd,
  tanhSimd,
} from './float32-math.ts';

/** An IR operation this emitter has no float32 code for. */
export class WasmUnsupported extends Error {}

const DIRECT: Partial<Record<string, Parameters<Code['simd']>[0]>> = {
  add: 'f32x4.add',
  sub: 'f32x4.sub',
  mul: 'f32x4.mul',
  div: 'f32x4.div',
  neg: 'f32x4.neg',
  sqrt: 'f32x4.sqrt',
  abs: 'f32x4.abs',
  floor: 'f32x4.floor',
  ceil: 'f32x4.ceil',
  trunc: 'f32x4.trunc',
  min: 'f32x4.min',
  max: 'f32x4.max',
};

/** Functions of float32-math.ts, by IR operation: each emits its code and returns its local. */
type UnaryEmitter = (code: Code, locals: Locals, x: number) => number;
const UNARY: Partial<Record<string, UnaryEmitter>> = {
  exp: (code, locals, x) => expSimd(code, locals, x),
  expm1: expm1Simd,
  log: logSimd,
  atan: atanSimd,
  asin: asinSimd,
  acos: acosSimd,
  sinh: sinhSimd,
  cosh: coshSimd,
  tanh: tanhSimd,
};
const BINARY: Partial<Record<string, (code: Code, locals: Locals, a: number, b: number) => number>> = {
  pow: powSimd,
  atan2: atan2Simd,
};

/**
 * Appends code computing `roots` for the four balls whose coordinates are in the v128 locals
 * `x` and `y`; returns the local holding each root. Each IR value is computed once, into a local
 * of its own (the engine's register allocator takes it from there).
 */
export function emitSimd(
  roots: readonly IrValue[],
  code: Code,
  locals: Locals,
  variables: { readonly x: number; readonly y: number },
): number[] {
  const done = new Map<number, number[]>();
  const emit = (value: IrValue): number[] => {
    const known = done.get(value.id);
    if (known) return known;
    let result: number[];
    if (value.kind === 'const') {
      result = [locals.add(V128)];
      code.f32x4(value.value).set(result[0]!);
    } else if (value.kind === 'var') {
      if (value.name !== 'x' && value.name !== 'y') throw new WasmUnsupported(`variable ${value.name}`);
      result = [value.name === 'x' ? variables.x : variables.y];
    } else {
      const args = value.args.map((arg) => emit(arg));
      result = operation(value.op, args, code, locals);
    }
    done.set(value.id, result);
    return result;
  };
  return roots.map((root) => emit(root)[0]!);
}

function operation(op: string, args: readonly number[][], code: Code, locals: Locals): number[] {
  const arg = (k: number): number => args[k]![0]!;
  const unary = UNARY[op];
  if (unary) return [unary(code, locals, arg(0))];
  const binary = BINARY[op];
  if (binary) return [binary(code, locals, arg(0), arg(1))];
  const out = locals.add(V128);
  const direct = DIRECT[op];
  if (direct) {
    for (const a of args) code.get(a[0]!);
    code.simd(direct).set(out);
    return [out];
  }
  switch (op) {
    case 'select':
      // args[0] <= args[1] ? args[2] : args[3]; a NaN compares false, as in JavaScript.
      code.get(arg(2)).get(arg(3)).get(arg(0)).get(arg(1)).simd('f32x4.le').simd('v128.bitselect').set(out);
      return [out];
    case 'round': {
      // Math.round (halves go up): floor(x) + (x - floor(x) >= 0.5 ? 1 : 0), exact in float32.
      const floor = locals.add(V128);
      code.get(arg(0)).simd('f32x4.floor').tee(floor);
      code.f32x4(1).f32x4(0).get(arg(0)).get(floor).simd('f32x4.sub').f32x4(0.5).simd('f32x4.ge');
      code.simd('v128.bitselect').simd('f32x4.add').set(out);
      return [out];
    }
    case 'log2':
    case 'log10': {
      const log = logSimd(code, locals, arg(0));
      code
        .get(log)
        .f32x4(op === 'log2' ? Math.LOG2E : Math.LOG10E)
        .simd('f32x4.mul')
        .set(out);
      return [out];
    }
    case 'sinCosTurn':
      return sinCosTurn(code, locals, arg(0));
    case 'sinTurn':
      code.get(args[0]![0]!).set(out);
      return [out];
    case 'cosTurn':
      code.get(args[0]![1]!).set(out);
      return [out];
    case 'tanTurn': {
      // sin / cos as the WGSL's; cos + 0 turns a -0 (at a quarter turn, the pole) into +0, so the
      // infinity has the sign of Math.tan's huge value there.
      const [sin, cos] = sinCosTurn(code, locals, arg(0));
      code.get(sin).get(cos).f32x4(0).simd('f32x4.add').simd('f32x4.div').set(out);
      return [out];
    }
    case 'sign':
      // 1, -1, or the argument itself: ±0 and NaN.
      code.f32x4(1).f32x4(-1).get(arg(0)).get(arg(0)).f32x4(0).simd('f32x4.lt').simd('v128.bitselect');
      code.get(arg(0)).f32x4(0).simd('f32x4.gt').simd('v128.bitselect').set(out);
      return [out];
    default:
      throw new WasmUnsupported(`wasm: no float32 SIMD code for ${op}`);
  }
}

/**
 * (sin 2πt, cos 2πt) as turn-trig.ts computes them: the exact reduction, the two polynomials and
 * the rotation by quarter turns with selects (the same operations in the same order as its WGSL
 * and its float32 JavaScript model, so the three agree bit for bit), of local `t` into two new
 * locals: [sin, cos]. Also the angle of the gradient noise (noise-simd.ts).
 */
export function sinCosTurn(code: Code, locals: Locals, t: number): [sin: number, cos: number] {
  const v = (): number => locals.add(V128);
  const [a, q, r, r2, s, c, quarter, sine, cosine, sin, cos] = [
    v(),
    v(),
    v(),
    v(),
    v(),
    v(),
    v(),
    v(),
    v(),
    v(),
    v(),
  ];
  code.get(t).get(t).simd('f32x4.nearest').simd('f32x4.sub').set(a);
  code.f32x4(4).get(a).simd('f32x4.mul').simd('f32x4.nearest').set(q);
  code.get(a).f32x4(0.25).get(q).simd('f32x4.mul').simd('f32x4.sub').set(r);
  code.get(r).get(r).simd('f32x4.mul').set(r2);
  code.get(r);
  hornerSimd(code, TURN_SIN_COEFFICIENTS, r2);
  code.simd('f32x4.mul').set(s);
  hornerSimd(code, TURN_COS_COEFFICIENTS, r2);
  code.set(c);
  // q is -2..2; & 3 maps -1 to 3 and -2 to 2.
  code.get(q).simd('i32x4.trunc_sat_f32x4_s').i32x4(3).simd('v128.and').set(quarter);
  // Quarters 1 and 3 swap sine and cosine.
  const swap = (): void => {
    code.get(quarter).i32x4(1).simd('v128.and').i32x4(1).simd('i32x4.eq');
  };
  code.get(c).get(s);
  swap();
  code.simd('v128.bitselect').set(sine);
  code.get(s).get(c);
  swap();
  code.simd('v128.bitselect').set(cosine);
  // The sine is negated in quarters 2 and 3, the cosine in 1 and 2.
  code.get(sine).simd('f32x4.neg').get(sine).get(quarter).i32x4(1).simd('i32x4.gt_s');
  code.simd('v128.bitselect').set(sin);
  code.get(cosine).simd('f32x4.neg').get(cosine);
  code.get(quarter).i32x4(1).simd('i32x4.eq').get(quarter).i32x4(2).simd('i32x4.eq').simd('v128.or');
  code.simd('v128.bitselect').set(cos);
  return [sin!, cos!];
}
