import type { Landscape } from '../landscape.ts';

/**
 * A saddle has a flat point that is not a minimum: balls slide in along x and out along y. It has
 * no minimum at all, so every ball not started exactly on y = 0 eventually leaves the domain.
 */
export const saddle: Landscape = {
  id: 'saddle',
  name: 'Saddle',
  dimensions: 2,
  formula: 'x^2 - y^2',
  f: (x, y) => x * x - y * y,
  gradient: (x, y, out) => {
    out[0] = 2 * x;
    out[1] = -2 * y;
  },
  // The same f and gradient for the GPU backend; tests/browser/landscape-wgsl.test.ts compares them.
  wgsl: /* wgsl */ `
fn f(x: f32, y: f32) -> f32 {
  return x * x - y * y;
}

fn gradient(x: f32, y: f32) -> vec2f {
  return vec2f(2.0 * x, -2.0 * y);
}
`,
  domain: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 },
  minima: [],
  learningRate: 0.05,
  logHeight: false,
  gradientTolerance: 1e-3,
};
