/**
 * The functions WebAssembly has no instruction for, for four float32 lanes, as WebAssembly SIMD
 * code: exp, expm1, log, pow, atan, atan2, asin, acos, sinh, cosh and tanh. Error bounds, measured
 * against Math.* over their whole float32 range by tests/unit/wasm-math.test.ts, are stated beside
 * each; special values (NaN, ±0, ±∞, arguments out of the domain) follow Math.*.
 *
 * exp: Cody–Waite reduction x = k ln 2 + r, |r| <= ln 2 / 2, a degree-7 Taylor polynomial of e^r,
 * and 2^k applied as two exact power-of-two factors (so k from -160 to 130 needs no special case:
 * overflow and underflow round as float32 multiplications do).
 * log: x = 2^e m with m in [√½, √2), log m = 2 atanh(s) with s = (m - 1) / (m + 1), |s| <= 0.172,
 * odd series to s^9; subnormals are scaled by 2^23 first.
 * pow: the same split, then b log|a| and its exponential in float64 (f64x2, two lanes at a time).
 * atan, asin, acos and tanh: Cephes's float32 polynomials (atanf, asinf, tanhf) after fdlibm's
 * reductions; sinh and cosh from e^|x| / 2.
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

/**
 * exp of local `x`, times 2^`scale` (0 or -1: e^x / 2 without overflowing first), into a new
 * local. Within 2 float32 ulps of Math.exp (measured: 1.1).
 */
export function expSimd(code: Code, locals: Locals, x: number, scale = 0): number {
  const v = (): number => locals.add(V128);
  const [clamped, k, r, p, half, out] = [v(), v(), v(), v(), v(), v()];
  // Past these, e^x (e^x / 2) is infinite or 0 in float32 anyway; NaN passes through min and max.
  code.get(x).f32x4(-110).simd('f32x4.max').f32x4(90).simd('f32x4.min').set(clamped);
  code.get(clamped).f32x4(Math.LOG2E).simd('f32x4.mul').simd('f32x4.nearest').set(k);
  code.get(clamped).get(k).f32x4(LN2_HI).simd('f32x4.mul').simd('f32x4.sub');
  code.get(k).f32x4(LN2_LO).simd('f32x4.mul').simd('f32x4.sub').set(r);
  hornerSimd(code, EXP_COEFFICIENTS, r);
  code.set(p);
  // 2^k = 2^(k >> 1) * 2^(k - (k >> 1)), each factor's exponent within float32's normal range.
  code.get(k).simd('i32x4.trunc_sat_f32x4_s');
  if (scale !== 0) code.i32x4(scale).simd('i32x4.add');
  code.set(k);
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
 * x = 2^e m with m in [√½, √2), for local `x` > 0 (subnormals scaled by 2^23 first): two new
 * locals [e (a float32 integer), m]. Other x give some finite m.
 */
function logReduce(code: Code, locals: Locals, x: number): [e: number, m: number] {
  const v = (): number => locals.add(V128);
  const [tiny, bits, e, m, big] = [v(), v(), v(), v(), v()];
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
  return [e, m];
}

/**
 * Natural log of local `x` into a new local. Within 3 float32 ulps of Math.log (measured: 2.7, near
 * 1, where s = (m - 1) / (m + 1) carries the division's rounding; log2 and log10 multiply it).
 */
export function logSimd(code: Code, locals: Locals, x: number): number {
  const v = (): number => locals.add(V128);
  const [e, m] = logReduce(code, locals, x);
  const [s, s2, out] = [v(), v(), v()];
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

/** The sign bit of every float32 lane. */
const SIGN_BIT = -0x80000000;

/** Cephes atanf: atan(t) = t + t z P(z), z = t², for |t| <= tan(π/8). */
const ATAN_COEFFICIENTS = [-3.33329491539e-1, 1.99777106478e-1, -1.38776856032e-1, 8.05374449538e-2];
/** `value` as a float32 and the rest. */
const split = (value: number): [hi: number, lo: number] => [Math.fround(value), value - Math.fround(value)];
const HALF_PI = split(Math.PI / 2);
const PI = split(Math.PI);
/**
 * atan's reduction (fdlibm atanf's, with tan(π/8) for its first bound): for |x| above `above`,
 * atan|x| = angle + atan(num / den), |num / den| <= tan(π/8). num is exact in float32 (Sterbenz) and
 * den one or two roundings, so the reduced argument is as good as the division.
 */
const ATAN_RANGES: readonly {
  readonly above: number;
  readonly angle: readonly [number, number];
  readonly num: (code: Code, a: number) => void;
  readonly den: (code: Code, a: number) => void;
}[] = [
  {
    above: Math.SQRT2 - 1,
    angle: split(Math.atan(0.5)),
    num: (code, a) => code.get(a).get(a).simd('f32x4.add').f32x4(1).simd('f32x4.sub'),
    den: (code, a) => code.get(a).f32x4(2).simd('f32x4.add'),
  },
  {
    above: 11 / 16,
    angle: split(Math.PI / 4),
    num: (code, a) => code.get(a).f32x4(1).simd('f32x4.sub'),
    den: (code, a) => code.get(a).f32x4(1).simd('f32x4.add'),
  },
  {
    above: 19 / 16,
    angle: split(Math.atan(1.5)),
    num: (code, a) => code.get(a).f32x4(1.5).simd('f32x4.sub'),
    den: (code, a) => code.get(a).f32x4(1.5).simd('f32x4.mul').f32x4(1).simd('f32x4.add'),
  },
  {
    above: 39 / 16,
    angle: HALF_PI,
    num: (code) => code.f32x4(-1),
    den: (code, a) => code.get(a),
  },
];

/**
 * Pushes, lane by lane, `values[k + 1]` for the last of the nested `masks` set (`masks[k]`), or
 * `values[0]` where none is: a chain of bitselects.
 */
function choose(code: Code, values: readonly (() => void)[], masks: readonly number[]): void {
  for (let k = values.length - 1; k >= 0; k--) values[k]!();
  for (const mask of masks) code.get(mask).simd('v128.bitselect');
}

/**
 * atan of local `x` into a new local: |x| reduced to |t| <= tan(π/8) by ATAN_RANGES (one
 * division), Cephes atanf's polynomial, the range's angle added as float32 plus rest, and x's sign;
 * ±∞ give ±π/2. Within 1.5 float32 ulps of Math.atan (measured: 0.97).
 */
export function atanSimd(code: Code, locals: Locals, x: number): number {
  const v = (): number => locals.add(V128);
  const [a, t, z, out] = [v(), v(), v(), v()];
  const masks = ATAN_RANGES.map(() => v());
  code.get(x).simd('f32x4.abs').set(a);
  ATAN_RANGES.forEach((range, k) => {
    code.get(a).f32x4(range.above).simd('f32x4.gt').set(masks[k]!);
  });
  choose(code, [() => code.get(a), ...ATAN_RANGES.map((range) => () => range.num(code, a))], masks);
  choose(code, [() => code.f32x4(1), ...ATAN_RANGES.map((range) => () => range.den(code, a))], masks);
  code.simd('f32x4.div').set(t);
  code.get(t).get(t).simd('f32x4.mul').set(z);
  // angle_hi + (angle_lo + (t + t z P(z)))
  for (const part of [0, 1]) {
    choose(
      code,
      [() => code.f32x4(0), ...ATAN_RANGES.map((range) => () => code.f32x4(range.angle[part]!))],
      masks,
    );
  }
  code.get(t).get(t).get(z).simd('f32x4.mul');
  hornerSimd(code, ATAN_COEFFICIENTS, z);
  code.simd('f32x4.mul').simd('f32x4.add').simd('f32x4.add').simd('f32x4.add');
  code.get(x).i32x4(SIGN_BIT).simd('v128.and').simd('v128.or').set(out);
  return out;
}

/**
 * atan2(y, x) of locals `y` and `x` into a new local, as Math.atan2: atan(y / x), plus π with y's
 * sign where x is negative (or -0); atan2(±0, ±0) is ±0 or ±π, atan2(±∞, ±∞) ±π/4 or ±3π/4.
 * Within 2 float32 ulps of Math.atan2 (measured: 1.8).
 */
export function atan2Simd(code: Code, locals: Locals, y: number, x: number): number {
  const v = (): number => locals.add(V128);
  const [q, ySign, xNegative, piY, out] = [v(), v(), v(), v(), v()];
  code.get(y).get(x).simd('f32x4.div').set(q);
  const r = atanSimd(code, locals, q);
  code.get(y).i32x4(SIGN_BIT).simd('v128.and').set(ySign);
  code.get(x).i32x4(0).simd('i32x4.lt_s').set(xNegative);
  code.f32x4(PI[0]).get(ySign).simd('v128.or').set(piY);
  code.get(piY).f32x4(PI[1]).get(ySign).simd('v128.xor').get(r).simd('f32x4.add').simd('f32x4.add');
  code.get(r).get(xNegative).simd('v128.bitselect').set(out);
  // Both zero: y / x is NaN.
  code.get(piY).get(y).get(xNegative).simd('v128.bitselect').get(out);
  code.get(y).f32x4(0).simd('f32x4.eq').get(x).f32x4(0).simd('f32x4.eq').simd('v128.and');
  code.simd('v128.bitselect').set(out);
  // Both infinite: ±π/4, or ±3π/4 where x is -∞.
  code
    .f32x4((3 * Math.PI) / 4)
    .f32x4(Math.PI / 4)
    .get(xNegative)
    .simd('v128.bitselect');
  code.get(ySign).simd('v128.or').get(out);
  for (const value of [y, x])
    code.get(value).simd('f32x4.abs').f32x4(Number.POSITIVE_INFINITY).simd('f32x4.eq');
  code.simd('v128.and').simd('v128.bitselect').set(out);
  return out;
}

/** Cephes asinf: asin(w) = w + w z P(z), z = w², for |w| <= 1/2. */
const ASIN_COEFFICIENTS = [
  1.6666752422e-1, 7.4953002686e-2, 4.5470025998e-2, 2.4181311049e-2, 4.2163199048e-2,
];

/**
 * asin and acos's common part, for local `x`: above |x| = 1/2, w = sqrt(z), z = (1 - |x|) / 2
 * (exact; NaN above 1), else w = x and z = x²; new locals [w, z, tail = w z P(z), mask of
 * |x| > 1/2], asin(w) being w + tail.
 */
function asinReduced(
  code: Code,
  locals: Locals,
  x: number,
): [w: number, z: number, tail: number, big: number] {
  const v = (): number => locals.add(V128);
  const [big, z, w, tail] = [v(), v(), v(), v()];
  code.get(x).simd('f32x4.abs').f32x4(0.5).simd('f32x4.gt').set(big);
  code.f32x4(1).get(x).simd('f32x4.abs').simd('f32x4.sub').f32x4(0.5).simd('f32x4.mul');
  code.get(x).get(x).simd('f32x4.mul').get(big).simd('v128.bitselect').set(z);
  code.get(z).simd('f32x4.sqrt').get(x).get(big).simd('v128.bitselect').set(w);
  code.get(w).get(z).simd('f32x4.mul');
  hornerSimd(code, ASIN_COEFFICIENTS, z);
  code.simd('f32x4.mul').set(tail);
  return [w, z, tail, big];
}

/**
 * asin of local `x` into a new local (Cephes asinf): the polynomial up to |x| = 1/2, above it
 * π/2 - 2 asin(w) with w's square root carried as f + c, f its top 12 bits (as fdlibm's asinf:
 * π/2 - 2w cancels, and the root's rounding would show), x's sign; NaN outside [-1, 1]. Within
 * 1 float32 ulp of Math.asin (measured: 0.7).
 */
export function asinSimd(code: Code, locals: Locals, x: number): number {
  const v = (): number => locals.add(V128);
  const [f, c, out] = [v(), v(), v()];
  const [w, z, tail, big] = asinReduced(code, locals, x);
  code.get(w).i32x4(-0x1000).simd('v128.and').set(f);
  code.get(z).get(f).get(f).simd('f32x4.mul').simd('f32x4.sub').get(w).get(f).simd('f32x4.add');
  // c = 0 where w = 0 (|x| = 1) rather than 0 / 0.
  code
    .f32x4(2 ** -126)
    .simd('f32x4.max')
    .simd('f32x4.div')
    .set(c);
  // (π/2_hi - 2f) + (π/2_lo - 2 (c + tail)); below 1/2, w + tail.
  code.f32x4(HALF_PI[0]).get(f).get(f).simd('f32x4.add').simd('f32x4.sub');
  code.f32x4(HALF_PI[1]).get(c).get(tail).simd('f32x4.add').f32x4(2).simd('f32x4.mul').simd('f32x4.sub');
  code.simd('f32x4.add');
  code.get(w).get(tail).simd('f32x4.add').get(big).simd('v128.bitselect');
  code.get(x).i32x4(SIGN_BIT).simd('v128.and').simd('v128.or').set(out);
  return out;
}

/**
 * acos of local `x` into a new local (Cephes acosf): π/2 - asin(x) up to |x| = 1/2, above it
 * 2 asin(w) for x > 0 and π - 2 asin(w) for x < 0; NaN outside [-1, 1]. Within 1.5 float32 ulps
 * of Math.acos (measured: 1.1).
 */
export function acosSimd(code: Code, locals: Locals, x: number): number {
  const negative = locals.add(V128);
  const out = locals.add(V128);
  const [w, , tail, big] = asinReduced(code, locals, x);
  code.get(x).f32x4(0).simd('f32x4.lt').set(negative);
  // offset_hi + (offset_lo + factor * p), offset π/2, π or 0 and factor -1, -2 or 2.
  const pick = (small: number, left: number, right: number): void => {
    code.f32x4(left).f32x4(right).get(negative).simd('v128.bitselect');
    code.f32x4(small).get(big).simd('v128.bitselect');
  };
  pick(HALF_PI[0], PI[0], 0);
  pick(HALF_PI[1], PI[1], 0);
  pick(-1, -2, 2);
  code.get(w).get(tail).simd('f32x4.add').simd('f32x4.mul').simd('f32x4.add').simd('f32x4.add').set(out);
  return out;
}

/** Taylor coefficients of sinh(x) / x in x², to x^10 (truncation below 2e-10), for |x| < SINH_SERIES_BELOW. */
const SINH_COEFFICIENTS = [1, 1 / 6, 1 / 120, 1 / 5040, 1 / 362880, 1 / 39916800];
const SINH_SERIES_BELOW = 1;

/**
 * sinh of local `x` into a new local: the series below 1, e^|x| / 2 - e^-|x| / 2 with x's sign
 * above (e^|x| / 2 taken whole, so it is finite up to float32's largest sinh). Within 2 float32
 * ulps of Math.sinh (measured: 1.7).
 */
export function sinhSimd(code: Code, locals: Locals, x: number): number {
  const v = (): number => locals.add(V128);
  const [a, x2, out] = [v(), v(), v()];
  code.get(x).simd('f32x4.abs').set(a);
  const half = expSimd(code, locals, a, -1);
  code.get(x).get(x).simd('f32x4.mul').set(x2);
  code.get(x);
  hornerSimd(code, SINH_COEFFICIENTS, x2);
  code.simd('f32x4.mul');
  code.get(half).f32x4(0.25).get(half).simd('f32x4.div').simd('f32x4.sub');
  code.get(x).i32x4(SIGN_BIT).simd('v128.and').simd('v128.or');
  code.get(a).f32x4(SINH_SERIES_BELOW).simd('f32x4.lt').simd('v128.bitselect').set(out);
  return out;
}

/** cosh of local `x` into a new local: e^|x| / 2 + e^-|x| / 2. Within 2 float32 ulps (measured: 1.6). */
export function coshSimd(code: Code, locals: Locals, x: number): number {
  const a = locals.add(V128);
  const out = locals.add(V128);
  code.get(x).simd('f32x4.abs').set(a);
  const half = expSimd(code, locals, a, -1);
  code.get(half).f32x4(0.25).get(half).simd('f32x4.div').simd('f32x4.add').set(out);
  return out;
}

/** Cephes tanhf: tanh(x) = x + x z P(z), z = x², for |x| < TANH_SERIES_BELOW. */
const TANH_COEFFICIENTS = [
  -3.33332819422e-1, 1.33314422036e-1, -5.37397155531e-2, 2.06390887954e-2, -5.70498872745e-3,
];
const TANH_SERIES_BELOW = 0.625;

/**
 * tanh of local `x` into a new local (Cephes tanhf): the polynomial below |x| = 0.625, above it
 * 1 - 2 / (e^(2|x|) + 1) with x's sign (exactly ±1 from |x| ≈ 9, so the WGSL's clamp at 10 is
 * needless here). Within 1.5 float32 ulps of Math.tanh (measured: 1.3).
 */
export function tanhSimd(code: Code, locals: Locals, x: number): number {
  const v = (): number => locals.add(V128);
  const [twice, z, out] = [v(), v(), v()];
  code.get(x).simd('f32x4.abs').f32x4(2).simd('f32x4.mul').set(twice);
  const exp = expSimd(code, locals, twice);
  code.get(x).get(x).simd('f32x4.mul').set(z);
  code.get(x).get(x).get(z).simd('f32x4.mul');
  hornerSimd(code, TANH_COEFFICIENTS, z);
  code.simd('f32x4.mul').simd('f32x4.add');
  code.f32x4(1).f32x4(2).get(exp).f32x4(1).simd('f32x4.add').simd('f32x4.div').simd('f32x4.sub');
  code
    .get(twice)
    .f32x4(2 * TANH_SERIES_BELOW)
    .simd('f32x4.lt')
    .simd('v128.bitselect');
  // The sign of x, -0's too (the series gives +0).
  code.get(x).i32x4(SIGN_BIT).simd('v128.and').simd('v128.or').set(out);
  return out;
}

/** 2 atanh(s) / s in s², to s^14: float64 log's series (|s| <= 0.172: truncation below 1e-13). */
const LOG_COEFFICIENTS_F64 = [2, 2 / 3, 2 / 5, 2 / 7, 2 / 9, 2 / 11, 2 / 13, 2 / 15];
/** Taylor coefficients of e^r to r^8 (|r| <= ln 2 / 2: truncation below 3e-10). */
const EXP_COEFFICIENTS_F64 = [1, 1, 1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040, 1 / 40320];

/** The same float64 in both lanes. */
function splat64(code: Code, value: number): void {
  code.f64(value).simd('f64x2.splat');
}

/** hornerSimd for two float64 lanes. */
function hornerF64(code: Code, coefficients: readonly number[], v: number): void {
  const last = coefficients.length - 1;
  splat64(code, coefficients[last]!);
  for (let k = last - 1; k >= 0; k--) {
    code.get(v).simd('f64x2.mul');
    splat64(code, coefficients[k]!);
    code.simd('f64x2.add');
  }
}

/**
 * |a|^b for two lanes (`half` 0: lanes 0 and 1, 1: lanes 2 and 3) of |a| = 2^e m and b, in
 * float64: y = b (e ln 2 + log m), then 2^k e^r with y = k ln 2 + r; the two results rounded to
 * float32 in lanes 0 and 1 of a new local.
 */
function powHalf(code: Code, locals: Locals, e: number, m: number, b: number, half: 0 | 1): number {
  const v = (): number => locals.add(V128);
  const [wide, s, s2, y, k, r, out] = [v(), v(), v(), v(), v(), v(), v()];
  const promote = (value: number): void => {
    code.get(value);
    if (half === 1) code.simd('i64x2.extract_lane', 1).simd('i64x2.splat');
    code.simd('f64x2.promote_low_f32x4');
  };
  promote(m);
  code.set(wide);
  code.get(wide);
  splat64(code, 1);
  code.simd('f64x2.sub').get(wide);
  splat64(code, 1);
  code.simd('f64x2.add').simd('f64x2.div').set(s);
  code.get(s).get(s).simd('f64x2.mul').set(s2);
  promote(b);
  promote(e);
  splat64(code, Math.LN2);
  code.simd('f64x2.mul').get(s);
  hornerF64(code, LOG_COEFFICIENTS_F64, s2);
  code.simd('f64x2.mul').simd('f64x2.add').simd('f64x2.mul');
  // Beyond ±200, 2^k e^r is infinite or 0 in float32 anyway; NaN passes through min and max.
  splat64(code, -200);
  code.simd('f64x2.max');
  splat64(code, 200);
  code.simd('f64x2.min').set(y);
  code.get(y);
  splat64(code, Math.LOG2E);
  code.simd('f64x2.mul').simd('f64x2.nearest').set(k);
  code.get(y).get(k);
  splat64(code, Math.LN2);
  code.simd('f64x2.mul').simd('f64x2.sub').set(r);
  hornerF64(code, EXP_COEFFICIENTS_F64, r);
  // 2^k: k + 2^52 + 1023 holds k + 1023 in its low bits, which the shift moves to the exponent.
  code.get(k);
  splat64(code, 2 ** 52 + 1023);
  code.simd('f64x2.add').i32(52).simd('i64x2.shl');
  code.simd('f64x2.mul').simd('f32x4.demote_f64x2_zero').set(out);
  return out;
}

/**
 * a^b of locals `a` and `b` into a new local, with Math.pow's special values (b = 0: 1; a < 0: NaN
 * unless b is an integer, negative if it is odd; 0, ∞, NaN and ±∞ exponents as Math.pow). |a| is
 * split as log does, then b log|a| and its exponential are taken in float64, two lanes at a time,
 * so the error does not grow with |b log a| (float32's exp(b log a), its argument rounded, was off
 * by 17 ulps at |b log a| = 10 and 120 at 80): one float32 rounding of a float64-accurate value,
 * within 0.6 float32 ulps of Math.pow (measured: 0.503).
 */
export function powSimd(code: Code, locals: Locals, a: number, b: number): number {
  const v = (): number => locals.add(V128);
  const [magnitude, out, integer] = [v(), v(), v()];
  code.get(a).simd('f32x4.abs').set(magnitude);
  const [e, m] = logReduce(code, locals, magnitude);
  // log|a| is -∞ at 0, ∞ at ∞ and NaN at NaN: e carries it (m is finite there).
  code.get(e).f32x4(Number.NEGATIVE_INFINITY).get(magnitude).get(magnitude).f32x4(0).simd('f32x4.eq');
  code.simd('v128.bitselect');
  code.get(magnitude).f32x4(0).simd('f32x4.gt');
  code.get(magnitude).f32x4(Number.POSITIVE_INFINITY).simd('f32x4.lt').simd('v128.and');
  code.simd('v128.bitselect').set(e);
  const low = powHalf(code, locals, e, m, b, 0);
  const high = powHalf(code, locals, e, m, b, 1);
  code.get(low).get(high).simd('i64x2.extract_lane', 0).simd('i64x2.replace_lane', 1).set(out);
  // b is an integer (or ±∞) where floor(b) = b, an odd one where floor(b / 2) * 2 is not b.
  code.get(b).simd('f32x4.floor').get(b).simd('f32x4.eq').set(integer);
  // a with its sign bit set (-0 and -∞ too) and b odd: negative.
  code.get(out).simd('f32x4.neg').get(out);
  code.get(a).i32x4(0).simd('i32x4.lt_s').get(integer).simd('v128.and');
  code.get(b).f32x4(0.5).simd('f32x4.mul').simd('f32x4.floor').f32x4(2).simd('f32x4.mul');
  code.get(b).simd('f32x4.ne').simd('v128.and').simd('v128.bitselect').set(out);
  // A finite negative a and b not an integer: NaN.
  code.f32x4(Number.NaN).get(out);
  code.get(a).f32x4(0).simd('f32x4.lt').get(a).f32x4(Number.NEGATIVE_INFINITY).simd('f32x4.gt');
  code.simd('v128.and').get(integer).simd('v128.andnot').simd('v128.bitselect').set(out);
  // b = 0: 1, for any a (NaN too).
  code.f32x4(1).get(out).get(b).f32x4(0).simd('f32x4.eq').simd('v128.bitselect').set(out);
  return out;
}
