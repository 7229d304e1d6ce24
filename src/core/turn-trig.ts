/**
 * sin(2πt) and cos(2πt) for the GPU, accurate to float32. WGSL only promises sin and cos within
 * 2^-11 absolute, and SwiftShader's are off by ~1.9e-4 (tests/browser/landscape-wgsl.test.ts):
 * enough to move a Rastrigin ball's gradient by 1.2e-2, more than its settle tolerance, and a
 * gradient noise sample by 2e-4 of its size. This polynomial is within ~2 float32 ulps on every
 * device, so both backends agree to float32 where it is used (Rastrigin's WGSL, the noise in
 * step.wgsl); the CPU keeps Math.sin and Math.cos in f64.
 *
 * The argument is in turns (t = 1 is a full circle), so the reduction is exact in float32:
 * a = t - round(t) in [-1/2, 1/2], q = round(4a) quarter turns, r = a - q/4 in [-1/8, 1/8]; then
 * Taylor polynomials in r for |2πr| <= π/4 (truncation below 2e-9) and a rotation by q.
 */

const TWO_PI = 2 * Math.PI;

function factorial(n: number): number {
  let product = 1;
  for (let k = 2; k <= n; k++) product *= k;
  return product;
}

/** Coefficients of sin(2πr) in r: r^1, r^3, ..., r^9. */
export const TURN_SIN_COEFFICIENTS: readonly number[] = [1, 3, 5, 7, 9].map(
  (power, k) => ((-1) ** k * TWO_PI ** power) / factorial(power),
);
/** Coefficients of cos(2πr) in r: r^0, r^2, ..., r^10. */
export const TURN_COS_COEFFICIENTS: readonly number[] = [0, 2, 4, 6, 8, 10].map(
  (power, k) => ((-1) ** k * TWO_PI ** power) / factorial(power),
);

/** A float32 WGSL literal of `value`. */
function literal(value: number): string {
  const text = String(Math.fround(value));
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** `c0 + r2 * (c1 + r2 * (...))`, Horner's scheme in WGSL. */
function horner(coefficients: readonly number[], variable: string): string {
  return coefficients.reduceRight<string>(
    (inner, coefficient, k) =>
      k === coefficients.length - 1
        ? literal(coefficient)
        : `${literal(coefficient)} + ${variable} * (${inner})`,
    '',
  );
}

/** The sine polynomial's Horner form in WGSL: sin(2πr) / r as a polynomial in `r2` = r². */
export function turnSinOverRWgsl(r2: string): string {
  return horner(TURN_SIN_COEFFICIENTS, r2);
}

/**
 * WGSL source of `fn <name>(t: f32) -> vec2f`, returning (sin 2πt, cos 2πt). Self-contained (a
 * landscape's WGSL may only declare functions named after it), so each user generates its own
 * copy under its own name.
 */
export function turnSinCosWgsl(name: string): string {
  return `fn ${name}(t: f32) -> vec2f {
  // Exact reduction (see src/core/turn-trig.ts): a in [-1/2, 1/2], r in [-1/8, 1/8].
  let a = t - round(t);
  let q = round(4.0 * a);
  let r = a - 0.25 * q;
  let r2 = r * r;
  let s = r * (${turnSinOverRWgsl('r2')});
  let c = ${horner(TURN_COS_COEFFICIENTS, 'r2')};
  // Rotate by q quarter turns; q is -2..2, and & 3 maps -1 to 3 and -2 to 2. Quarters 1 and 3 swap
  // sine and cosine; the sine is negated in quarters 2 and 3, the cosine in 1 and 2. Selects, not
  // branches: neighbouring balls in different quarters would run every branch (1.3x faster on
  // SwiftShader, on Ackley's gradient).
  let quarter = i32(q) & 3;
  let swap = (quarter & 1) == 1;
  let sine = select(s, c, swap);
  let cosine = select(c, s, swap);
  return vec2f(select(sine, -sine, quarter >= 2), select(cosine, -cosine, quarter == 1 || quarter == 2));
}
`;
}

/**
 * The same computation in JavaScript with every operation rounded to float32 (round half to even,
 * like WGSL's round): what the WGSL computes, for the tests of its accuracy.
 */
export function turnSinCosFloat32(t: number): [number, number] {
  const f = Math.fround;
  const roundEven = (v: number): number => {
    const floor = Math.floor(v);
    const fraction = v - floor;
    if (fraction !== 0.5) return Math.round(v);
    return floor % 2 === 0 ? floor : floor + 1;
  };
  const a = f(f(t) - roundEven(f(t)));
  const q = roundEven(f(4 * a));
  const r = f(a - f(0.25 * q));
  const r2 = f(r * r);
  const evaluate = (coefficients: readonly number[]): number =>
    coefficients.reduceRight(
      (inner, coefficient, k) =>
        k === coefficients.length - 1 ? f(coefficient) : f(f(coefficient) + f(r2 * inner)),
      0,
    );
  const s = f(r * evaluate(TURN_SIN_COEFFICIENTS));
  const c = evaluate(TURN_COS_COEFFICIENTS);
  switch (q & 3) {
    case 1:
      return [c, -s];
    case 2:
      return [-s, -c];
    case 3:
      return [-c, s];
    default:
      return [s, c];
  }
}
