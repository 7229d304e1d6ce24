/**
 * Gradient noise (src/core/noise.ts) in WebAssembly SIMD, four balls at once, as its WGSL twin
 * (shaders/noise.wgsl) computes it: the hashes bit for bit (i32x4 arithmetic wraps as Math.imul and
 * `>>> 0` do), the 24-bit uniforms exact, and Box–Muller in float32 with logSimd and the turn
 * polynomial, so the WebAssembly frame draws the other backends' noise to float32.
 *
 * PCG shifts each word by its own top four bits plus 4, and WebAssembly shifts all four lanes by
 * one count: the variable shift is a shift by 4, then by 1, 2, 4 and 8, each kept (bitselect) in
 * the lanes where bit 28, 29, 30 or 31 of the word is set.
 */
import { type Code, type Locals, V128 } from './binary.ts';
import { logSimd } from './float32-math.ts';
import { sinCosTurn } from './simd-ir.ts';

/** The locals the noise of a quad is drawn from. */
export interface NoiseInputs {
  /** i32: pcgHash(seed), computed once in JavaScript. */
  readonly seedHash: number;
  /** v128: the four balls' indices within their group (i32x4). */
  readonly ball: number;
  /** i32: the global step, the same for the four balls. */
  readonly step: number;
}

/** pcgHash of noise.ts on the four u32 lanes of local `value`, into a new local. */
function pcgHashSimd(code: Code, locals: Locals, value: number): number {
  const [state, word, out] = [locals.add(V128), locals.add(V128), locals.add(V128)];
  code
    .get(value)
    .i32x4(747796405)
    .simd('i32x4.mul')
    .i32x4(2891336453 | 0)
    .simd('i32x4.add')
    .set(state);
  // state >>> ((state >>> 28) + 4)
  code.get(state).i32(4).simd('i32x4.shr_u').set(word);
  for (let bit = 0; bit < 4; bit++) {
    code
      .get(word)
      .i32(1 << bit)
      .simd('i32x4.shr_u')
      .get(word);
    // All ones in the lanes where bit 28 + `bit` of the state is set: that bit to the sign, spread.
    code.get(state);
    if (bit < 3) code.i32(3 - bit).simd('i32x4.shl');
    code.i32(31).simd('i32x4.shr_s').simd('v128.bitselect').set(word);
  }
  code.get(word).get(state).simd('v128.xor').i32x4(277803737).simd('i32x4.mul').set(word);
  code.get(word).i32(22).simd('i32x4.shr_u').get(word).simd('v128.xor').set(out);
  return out;
}

/** noiseHash of noise.ts for components 0 and 1: two new i32x4 locals. */
export function noiseHashesSimd(code: Code, locals: Locals, inputs: NoiseInputs): [number, number] {
  const sum = locals.add(V128);
  code.get(inputs.ball).get(inputs.seedHash).simd('i32x4.splat').simd('i32x4.add').set(sum);
  const ball = pcgHashSimd(code, locals, sum);
  code.get(ball).get(inputs.step).simd('i32x4.splat').simd('i32x4.add').set(sum);
  const step = pcgHashSimd(code, locals, sum);
  const first = pcgHashSimd(code, locals, step);
  code.get(step).i32x4(1).simd('i32x4.add').set(sum);
  return [first, pcgHashSimd(code, locals, sum)];
}

/** hashToUniform of noise.ts, f32((hash >>> 8) + 1) * 2^-24, into a new f32x4 local: exact. */
export function hashToUniformSimd(code: Code, locals: Locals, hash: number): number {
  const out = locals.add(V128);
  // At most 2^24: the signed conversion is exact.
  code.get(hash).i32(8).simd('i32x4.shr_u').i32x4(1).simd('i32x4.add').simd('f32x4.convert_i32x4_s');
  code
    .f32x4(2 ** -24)
    .simd('f32x4.mul')
    .set(out);
  return out;
}

/** Emits the Gaussian pairs of four balls; returns the f32x4 locals holding the x and y samples. */
export function gaussianPairSimd(code: Code, locals: Locals, inputs: NoiseInputs): [number, number] {
  const [first, second] = noiseHashesSimd(code, locals, inputs);
  const u1 = hashToUniformSimd(code, locals, first);
  const u2 = hashToUniformSimd(code, locals, second);
  const log = logSimd(code, locals, u1);
  const [radius, x, y] = [locals.add(V128), locals.add(V128), locals.add(V128)];
  // max(0, ...) as the WGSL's (whose log may come out positive just below 1; logSimd's does not).
  code.f32x4(0).f32x4(-2).get(log).simd('f32x4.mul').simd('f32x4.max').simd('f32x4.sqrt').set(radius);
  const [sin, cos] = sinCosTurn(code, locals, u2);
  code.get(radius).get(cos).simd('f32x4.mul').set(x);
  code.get(radius).get(sin).simd('f32x4.mul').set(y);
  return [x, y];
}
