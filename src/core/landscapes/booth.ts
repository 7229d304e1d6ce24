import type { Landscape } from '../landscape.ts';

/** Booth's function: a tilted, mildly stretched quadratic bowl (Hessian eigenvalues 2 and 18). */
export const booth: Landscape = {
  id: 'booth',
  name: 'Booth',
  dimensions: 2,
  formula: '(x + 2y - 7)^2 + (2x + y - 5)^2',
  f: (x, y) => {
    const a = x + 2 * y - 7;
    const b = 2 * x + y - 5;
    return a * a + b * b;
  },
  gradient: (x, y, out) => {
    out[0] = 10 * x + 8 * y - 34;
    out[1] = 8 * x + 10 * y - 38;
  },
  // The same f and gradient for the GPU backend; tests/browser/landscape-wgsl.test.ts compares them.
  wgsl: /* wgsl */ `
fn f(x: f32, y: f32) -> f32 {
  let a = x + 2.0 * y - 7.0;
  let b = 2.0 * x + y - 5.0;
  return a * a + b * b;
}

fn gradient(x: f32, y: f32) -> vec2f {
  return vec2f(10.0 * x + 8.0 * y - 34.0, 8.0 * x + 10.0 * y - 38.0);
}
`,
  domain: { xMin: -10, xMax: 10, yMin: -10, yMax: 10 },
  minima: [{ x: 1, y: 3, value: 0, global: true }],
  learningRate: 0.05,
  logHeight: false,
  gradientTolerance: 1e-3,
};
