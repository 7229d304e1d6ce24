import type { Landscape } from '../landscape.ts';

const TWO_PI = 2 * Math.PI;

/**
 * Rastrigin's egg box: a bowl covered in ripples, one local minimum near every integer point.
 * Plain gradient descent stops in the nearest ripple; only the global minimum is listed.
 */
export const rastrigin: Landscape = {
  id: 'rastrigin',
  name: 'Rastrigin',
  dimensions: 2,
  formula: '20 + x^2 - 10 cos(2πx) + y^2 - 10 cos(2πy)',
  f: (x, y) => 20 + x * x - 10 * Math.cos(TWO_PI * x) + y * y - 10 * Math.cos(TWO_PI * y),
  gradient: (x, y, out) => {
    out[0] = 2 * x + 10 * TWO_PI * Math.sin(TWO_PI * x);
    out[1] = 2 * y + 10 * TWO_PI * Math.sin(TWO_PI * y);
  },
  // The same f and gradient for the GPU backend; tests/browser/landscape-wgsl.test.ts compares them.
  wgsl: /* wgsl */ `
fn f(x: f32, y: f32) -> f32 {
  const TWO_PI: f32 = ${TWO_PI};
  // cos(2πx) is taken at x - round(x), exact in f32 and the same value: WGSL bounds the error of
  // cos and sin (2^-11 absolute) only for arguments in [-π, π], and SwiftShader's is ~2e-4 there.
  let tx = x - round(x);
  let ty = y - round(y);
  return 20.0 + x * x - 10.0 * cos(TWO_PI * tx) + y * y - 10.0 * cos(TWO_PI * ty);
}

fn gradient(x: f32, y: f32) -> vec2f {
  const TWO_PI: f32 = ${TWO_PI};
  let tx = x - round(x);
  let ty = y - round(y);
  return vec2f(2.0 * x + 10.0 * TWO_PI * sin(TWO_PI * tx), 2.0 * y + 10.0 * TWO_PI * sin(TWO_PI * ty));
}
`,
  domain: { xMin: -5.12, xMax: 5.12, yMin: -5.12, yMax: 5.12 },
  minima: [{ x: 0, y: 0, value: 0, global: true }],
  learningRate: 0.002,
  logHeight: false,
  gradientTolerance: 1e-2,
};
