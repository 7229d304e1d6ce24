import type { Landscape } from '../landscape.ts';

/**
 * Himmelblau's function: four equally deep minima, so where a ball ends depends only on where it
 * started. The three irrational minima are roots of a cubic system, given to full double precision.
 */
export const himmelblau: Landscape = {
  id: 'himmelblau',
  name: 'Himmelblau',
  dimensions: 2,
  formula: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
  f: (x, y) => {
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    return a * a + b * b;
  },
  gradient: (x, y, out) => {
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    out[0] = 4 * x * a + 2 * b;
    out[1] = 2 * a + 4 * y * b;
  },
  // The same f and gradient for the GPU backend; tests/browser/landscape-wgsl.test.ts compares them.
  wgsl: /* wgsl */ `
fn f(x: f32, y: f32) -> f32 {
  let a = x * x + y - 11.0;
  let b = x + y * y - 7.0;
  return a * a + b * b;
}

fn gradient(x: f32, y: f32) -> vec2f {
  let a = x * x + y - 11.0;
  let b = x + y * y - 7.0;
  return vec2f(4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b);
}
`,
  domain: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  minima: [
    { x: 3, y: 2, value: 0, global: true },
    { x: -2.805118086952745, y: 3.131312518250573, value: 0, global: true },
    { x: -3.779310253377747, y: -3.2831859912861696, value: 0, global: true },
    { x: 3.5844283403304917, y: -1.8481265269644036, value: 0, global: true },
  ],
  learningRate: 0.01,
  logHeight: false,
  gradientTolerance: 1e-3,
};
