/**
 * exp, expm1 and log in WebAssembly SIMD (src/core/wasm/float32-math.ts) against Math.*, over
 * their float32 range: the error, in float32 ulps of the exact result rounded to float32, stays
 * within the bound each function's comment states, and special values come out as Math's.
 */
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/core/expr/index.ts';
import { createRng } from '../../src/core/rng.ts';
import { gradientKernel } from '../../src/core/wasm/gradient-kernel.ts';

const N = 1 << 16;

/** f(x) of a one-variable formula for every x, through the SIMD kernel. */
function simd(text: string, xs: Float32Array): Float32Array {
  const result = compileExpression(text);
  if (!result.ok) throw new Error(`${text} does not compile`);
  const memory = new WebAssembly.Memory({ initial: Math.ceil((xs.length * 20) / 65_536), maximum: 4096 });
  const bytes = xs.length * 4;
  new Float32Array(memory.buffer, 0, xs.length).set(xs);
  gradientKernel(result.expression.float32Ir, memory).evaluate(
    0,
    bytes,
    2 * bytes,
    3 * bytes,
    4 * bytes,
    xs.length,
  );
  return new Float32Array(memory.buffer, 2 * bytes, xs.length).slice();
}

/** |got - want| in float32 ulps at want (the spacing of float32 numbers there; subnormals included). */
function ulpsOff(got: number, want: number): number {
  if (Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want))) return 0;
  const rounded = Math.fround(want);
  const magnitude = Math.max(Math.abs(rounded), 2 ** -126);
  const ulp = 2 ** (Math.floor(Math.log2(magnitude)) - 23);
  return Math.abs(got - want) / ulp;
}

function sample(from: number, to: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: N }, () => from + rng.next() * (to - from));
}

function worst(text: string, xs: Float32Array, exact: (x: number) => number): number {
  const got = simd(text, xs);
  let max = 0;
  for (let i = 0; i < xs.length; i++) max = Math.max(max, ulpsOff(got[i]!, exact(xs[i]!)));
  return max;
}

describe('float32 exp, expm1 and log in WebAssembly SIMD', () => {
  it('exp: within 2 ulps from -87 to 88, subnormal results to an ulp of 2^-149', () => {
    const bulk = worst('exp(x)', sample(-87, 88, 1), Math.exp);
    const near = worst('exp(x)', sample(-1, 1, 2), Math.exp);
    console.info(`exp: worst ${bulk.toFixed(2)} ulps over [-87, 88], ${near.toFixed(2)} over [-1, 1]`);
    expect(bulk).toBeLessThanOrEqual(2);
    expect(near).toBeLessThanOrEqual(2);
    const tiny = simd('exp(x)', sample(-103, -88, 3));
    const xs = sample(-103, -88, 3);
    for (let i = 0; i < N; i++)
      expect(Math.abs(tiny[i]! - Math.exp(xs[i]!))).toBeLessThanOrEqual(2 * 2 ** -149);
  });

  it('expm1: within 2 ulps near 0 and beyond', () => {
    const near = worst('expm1(x)', sample(-0.5, 0.5, 4), Math.expm1);
    const far = worst('expm1(x)', sample(-20, 20, 5), Math.expm1);
    const tiny = worst('expm1(x)', sample(-1e-6, 1e-6, 6), Math.expm1);
    console.info(
      `expm1: worst ${near.toFixed(2)} ulps over [-0.5, 0.5], ${far.toFixed(2)} over [-20, 20], ${tiny.toFixed(2)} near 0`,
    );
    expect(Math.max(near, far, tiny)).toBeLessThanOrEqual(2);
  });

  it('log: within 3 ulps over the normal and subnormal range', () => {
    const rng = createRng(7);
    // Log-uniform over every binade, subnormals included.
    const xs = Float32Array.from({ length: N }, () => 2 ** (-149 + rng.next() * 277));
    const all = worst('log(x)', xs, Math.log);
    const nearOne = worst('log(x)', sample(0.5, 2, 8), Math.log);
    console.info(`log: worst ${all.toFixed(2)} ulps over 2^-149..2^128, ${nearOne.toFixed(2)} over [0.5, 2]`);
    expect(all).toBeLessThanOrEqual(3);
    expect(nearOne).toBeLessThanOrEqual(3);
  });

  it('special values as Math.*', () => {
    const specials = Float32Array.from([0, -0, 1, -1, Infinity, -Infinity, Number.NaN, 100, -200, 1e-45]);
    for (const [text, exact] of [
      ['exp(x)', Math.exp],
      ['expm1(x)', Math.expm1],
      ['log(x)', Math.log],
      ['log2(x)', Math.log2],
      ['log10(x)', Math.log10],
    ] as const) {
      const got = simd(text, specials);
      for (let i = 0; i < specials.length; i++) {
        const want = Math.fround(exact(specials[i]!));
        if (!Number.isFinite(want) || want === 0)
          expect(got[i], `${text} at ${specials[i]}`).toBe(want === 0 ? got[i]! * 0 : want);
        else
          expect(ulpsOff(got[i]!, exact(specials[i]!)), `${text} at ${specials[i]}`).toBeLessThanOrEqual(2);
      }
    }
  });
});
