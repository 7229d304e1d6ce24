/**
 * exp, expm1 and log for four float32 lanes, as WebAssembly SIMD code (WebAssembly has none of
 * them). Error bounds, measured against Math.* over their whole float32 range by
 * tests/unit/wasm-math.test.ts, are stated beside each; special values follow Math.*.
 *
 * exp: Cody–Waite reduction x = k ln 2 + r, |r| <= ln 2 / 2, a degree-7 Taylor polynomial of e^r,
 * and 2^k applied as two exact power-of-two factors (so k from -159 to 128 needs no special case:
 * overflow and underflow round as float32 multiplications do).
 * log: x = 2^e m with m in [√½, √2), log m = 2 atanh(s) with s = (m - 1) / (m + 1), |s| <= 0.172,
 * odd series to s^9; subnormals are scaled by 2^23 first.
 */
import { type Code, type Locals, V128 } from './binary.ts';

/** ln 2 split so that k * LN2_HI is exact for |k| < 2^15 (9 significant bits). */
const LN2_HI = 0.693359375;
const LN2_LO = Math.LN2 - LN2_HI;
/** Taylor coefficients of e^r, r^0 ... r^7. */
const EXP_COEFFICIENTS = [1, 1, 1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040];
/** Taylor coefficients of (e^x - 1) / x, x^0 ... x^8, for |x| < EXPM1_SERIES_BELOW. */
const EXPM1_COEFFICIENTS = [1, 1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040, 1 / 40320, 1 / 362880];
const EXPM1_SERIES_BELOW = 0.5;
/** 2 atanh(s) / s = 2 (1 + s^2/3 + s^4/5 + ...), in s^2. */
const LOG_COEFFICIENTS = [2, 2 / 3, 2 / 5, 2 / 7, 2 / 9];

/** `c[0] + v * (c[1] + v * (...))` onto the stack, in float32, v in local `v`. */
export function hornerSimd(code: Code, coefficients: readonly number[], v: number): void {
  const last = coefficients.length - 1;
  code.f32x4(coefficients[last]!);
  for (let k = last - 1; k >= 0; k--) code.get(v).simd('f32x4.mul').f32x4(coefficients[k]!).simd('f32x4.add');
}

/** exp of local `x` into a new local. Within 2 float32 ulps of Math.exp (measured: 1.1). */
export function expSimd(code: Code, locals: Locals, x: number): number {
  const v = (): number => locals.add(V128);
  const [clamped, k, r, p, half, out] = [v(), v(), v(), v(), v(), v()];
  // Past these, e^x is infinite or 0 in float32 anyway; NaN passes through min and max.
  code.get(x).f32x4(-110).simd('f32x4.max').f32x4(89).simd('f32x4.min').set(clamped);
  code.get(clamped).f32x4(Math.LOG2E).simd('f32x4.mul').simd('f32x4.nearest').set(k);
  code.get(clamped).get(k).f32x4(LN2_HI).simd('f32x4.mul').simd('f32x4.sub');
  code.get(k).f32x4(LN2_LO).simd('f32x4.mul').simd('f32x4.sub').set(r);
  hornerSimd(code, EXP_COEFFICIENTS, r);
  code.set(p);
  // 2^k = 2^(k >> 1) * 2^(k - (k >> 1)), each factor's exponent within float32's normal range.
  code.get(k).simd('i32x4.trunc_sat_f32x4_s').set(k);
  code.get(k).i32(1).simd('i32x4.shr_s').set(half);
  const power = (exponent: () => void): void => {
    exponent();
    code.i32x4(127).simd('i32x4.add').i32(23).simd('i32x4.shl');
  };
  code.get(p);
  power(() => code.get(half));
  code.simd('f32x4.mul');
  power(() => code.get(k).get(half).simd('i32x4.sub'));
  code.simd('f32x4.mul').set(out);
  return out;
}

/** e^x - 1 of local `x` into a new local: the series near 0, exp(x) - 1 elsewhere. Within 2 ulps (1.9). */
export function expm1Simd(code: Code, locals: Locals, x: number): number {
  const exp = expSimd(code, locals, x);
  const out = locals.add(V128);
  code.get(x);
  hornerSimd(code, EXPM1_COEFFICIENTS, x);
  code.simd('f32x4.mul');
  code.get(exp).f32x4(1).simd('f32x4.sub');
  code.get(x).simd('f32x4.abs').f32x4(EXPM1_SERIES_BELOW).simd('f32x4.lt');
  code.simd('v128.bitselect').set(out);
  return out;
}

/**
 * Natural log of local `x` into a new local. Within 3 float32 ulps of Math.log (measured: 2.7, near
 * 1, where s = (m - 1) / (m + 1) carries the division's rounding; log2 and log10 multiply it).
 */
export function logSimd(code: Code, locals: Locals, x: number): number {
  const v = (): number => locals.add(V128);
  const [tiny, bits, e, m, big, s, s2, out] = [v(), v(), v(), v(), v(), v(), v(), v()];
  // Subnormals (and 0) times 2^23, their exponent put back below.
  code
    .get(x)
    .f32x4(2 ** -126)
    .simd('f32x4.lt')
    .set(tiny);
  code
    .get(x)
    .f32x4(2 ** 23)
    .simd('f32x4.mul')
    .get(x)
    .get(tiny)
    .simd('v128.bitselect')
    .set(bits);
  code.get(bits).i32(23).simd('i32x4.shr_u').i32x4(127).simd('i32x4.sub');
  code.i32x4(23).i32x4(0).get(tiny).simd('v128.bitselect').simd('i32x4.sub').set(e);
  code.get(bits).i32x4(0x7fffff).simd('v128.and').i32x4(0x3f800000).simd('v128.or').set(m);
  // m in [1, 2): above √2, halve it and count one more power of two.
  code.get(m).f32x4(Math.SQRT2).simd('f32x4.gt').set(big);
  code.get(m).f32x4(0.5).simd('f32x4.mul').get(m).get(big).simd('v128.bitselect').set(m);
  code.get(e).i32x4(1).simd('i32x4.add').get(e).get(big).simd('v128.bitselect');
  code.simd('f32x4.convert_i32x4_s').set(e);
  code.get(m).f32x4(1).simd('f32x4.sub').get(m).f32x4(1).simd('f32x4.add').simd('f32x4.div').set(s);
  code.get(s).get(s).simd('f32x4.mul').set(s2);
  // e ln2_hi + (e ln2_lo + s * series(s^2))
  code.get(e).f32x4(LN2_HI).simd('f32x4.mul');
  code.get(e).f32x4(LN2_LO).simd('f32x4.mul');
  code.get(s);
  hornerSimd(code, LOG_COEFFICIENTS, s2);
  code.simd('f32x4.mul').simd('f32x4.add').simd('f32x4.add').set(out);
  // Special values as Math.log: log 0 = -Infinity, log ∞ = ∞, log of a negative or NaN = NaN.
  code
    .f32x4(Number.NEGATIVE_INFINITY)
    .get(out)
    .get(x)
    .f32x4(0)
    .simd('f32x4.eq')
    .simd('v128.bitselect')
    .set(out);
  code.f32x4(Number.POSITIVE_INFINITY).get(out).get(x).f32x4(Number.POSITIVE_INFINITY).simd('f32x4.eq');
  code.simd('v128.bitselect').set(out);
  code.get(out).f32x4(Number.NaN).get(x).f32x4(0).simd('f32x4.ge').simd('v128.bitselect').set(out);
  return out;
}
