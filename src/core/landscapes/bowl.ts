import type { Landscape } from '../landscape.ts';

/** The friendliest landscape: round, one minimum, the slope points straight at it everywhere. */
export const bowl: Landscape = {
  id: 'bowl',
  name: 'Round bowl',
  dimensions: 2,
  formula: 'x^2 + y^2',
  f: (x, y) => x * x + y * y,
  gradient: (x, y, out) => {
    out[0] = 2 * x;
    out[1] = 2 * y;
  },
  // The same f and gradient for the GPU backend; tests/browser/landscape-wgsl.test.ts compares them.
  wgsl: /* wgsl */ `
fn f(x: f32, y: f32) -> f32 {
  return x * x + y * y;
}

fn gradient(x: f32, y: f32) -> vec2f {
  return vec2f(2.0 * x, 2.0 * y);
}
`,
  domain: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  minima: [{ x: 0, y: 0, value: 0, global: true }],
  learningRate: 0.1,
  logHeight: false,
  gradientTolerance: 1e-3,
};
