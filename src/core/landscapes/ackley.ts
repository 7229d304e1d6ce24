import type { Landscape } from '../landscape.ts';

const A = 20;
const B = 0.2;
const C = 2 * Math.PI;

/**
 * Ackley's function: a nearly flat, rippled plain around a sharp funnel. The funnel's tip is a
 * cone (the gradient has no limit at the origin), so the gradient is defined as 0 exactly there.
 */
export const ackley: Landscape = {
  id: 'ackley',
  name: 'Ackley',
  dimensions: 2,
  formula: '-20 exp(-0.2 sqrt((x^2 + y^2) / 2)) - exp((cos(2πx) + cos(2πy)) / 2) + 20 + e',
  // The same function for the compiler, grouped as below (tests/unit/expr-presets.test.ts checks
  // the two agree). Unlike the other presets Ackley is not compiled from it: compiled, its WGSL is
  // 140 times more accurate (the compiler's float32 sines in turns) but runs at 0.63x the speed of
  // the code below on SwiftShader (46 vs 74 M particle-steps/s at 262,144 balls), even with sine
  // and cosine of one angle shared and rotated without branches: the device's own sin and cos,
  // which the code below may use because it keeps their arguments within [-π, π], cost less than
  // two polynomials.
  expression: '-20*expm1(-0.2*sqrt((x^2 + y^2)/2)) - e*expm1((cos(2*pi*x) + cos(2*pi*y))/2 - 1)',
  f: (x, y) => {
    const r = Math.sqrt(0.5 * (x * x + y * y));
    // Grouped as A(1 - e^(-Br)) + (e - e^(mean cos)) so the value near the minimum is not lost in
    // cancellation against A + e, and is exactly 0 at the origin.
    return -A * Math.expm1(-B * r) + (Math.E - Math.exp(0.5 * (Math.cos(C * x) + Math.cos(C * y))));
  },
  gradient: (x, y, out) => {
    const r = Math.sqrt(0.5 * (x * x + y * y));
    // d/dx of -A exp(-B r) is A B exp(-B r) x / (2 r); r > 0 here is at least ~1e-162, so no overflow.
    const radial = r > 0 ? (A * B * Math.exp(-B * r)) / (2 * r) : 0;
    const wave = 0.5 * C * Math.exp(0.5 * (Math.cos(C * x) + Math.cos(C * y)));
    out[0] = radial * x + wave * Math.sin(C * x);
    out[1] = radial * y + wave * Math.sin(C * y);
  },
  // The same f and gradient for the GPU backend; tests/browser/landscape-wgsl.test.ts compares them.
  wgsl: /* wgsl */ `
fn f(x: f32, y: f32) -> f32 {
  const A: f32 = ${A};
  const B: f32 = ${B};
  const C: f32 = ${C};
  const E: f32 = ${Math.E};
  let r = sqrt(0.5 * (x * x + y * y));
  // cos(Cx) is taken at x - round(x), exact in f32 and the same value: WGSL bounds the error of cos
  // and sin (2^-11 absolute) only for arguments in [-π, π].
  let tx = x - round(x);
  let ty = y - round(y);
  // E - exp(m) is written -E expm1(m - 1) (m - 1 is exact for m >= 0.5, near the origin), so that f
  // is exactly 0 at the origin here too: f32 E and f32 exp(1) need not agree to the last bit.
  return -A * ackley_expm1(-B * r) - E * ackley_expm1(0.5 * (cos(C * tx) + cos(C * ty)) - 1.0);
}

// WGSL has no expm1: a degree-5 Taylor polynomial where exp(t) - 1 would cancel (relative error
// below 5e-8 for |t| < 0.125), exp(t) - 1 elsewhere (at most 3 bits lost).
fn ackley_expm1(t: f32) -> f32 {
  let series = t * (1.0 + t * (0.5 + t * (1.0 / 6.0 + t * (1.0 / 24.0 + t * (1.0 / 120.0)))));
  return select(exp(t) - 1.0, series, abs(t) < 0.125);
}

fn gradient(x: f32, y: f32) -> vec2f {
  const A: f32 = ${A};
  const B: f32 = ${B};
  const C: f32 = ${C};
  let r = sqrt(0.5 * (x * x + y * y));
  // Guarded as on the CPU. In f32 the smallest r > 0 is about 3.7e-23 (x^2 + y^2 subnormal), so the
  // quotient stays below ~6e22 and radial * x stays finite; a GPU that flushes subnormals gets r = 0.
  let radial = select(0.0, (A * B * exp(-B * r)) / (2.0 * r), r > 0.0);
  let tx = x - round(x);
  let ty = y - round(y);
  let wave = 0.5 * C * exp(0.5 * (cos(C * tx) + cos(C * ty)));
  return vec2f(radial * x + wave * sin(C * tx), radial * y + wave * sin(C * ty));
}
`,
  domain: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  minima: [{ x: 0, y: 0, value: 0, global: true }],
  learningRate: 0.01,
  logHeight: false,
  gradientTolerance: 1e-2,
  // The tip is a cone: |∇f| stays near 2.8 right up to the origin, so plain gradient descent at
  // the recommended rate rattles within about 0.03 of it and never flattens out.
  minimumTolerance: 0.04,
};
