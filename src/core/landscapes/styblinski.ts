import type { Landscape } from '../landscape.ts';

/** Each axis has a minimum at the roots of 4t^3 - 32t + 5; the deeper one is near -2.9035. */
const DEEP = -2.903534027771177;
const SHALLOW = 2.746802770990837;

/**
 * Styblinski–Tang: four minima of different depth in four basins of nearly equal size, so where a
 * ball ends depends on where it started, not on which minimum is deepest.
 */
export const styblinski: Landscape = {
  id: 'styblinski',
  name: 'Styblinski–Tang',
  dimensions: 2,
  formula: '(x^4 - 16x^2 + 5x + y^4 - 16y^2 + 5y) / 2',
  f: (x, y) => {
    const x2 = x * x;
    const y2 = y * y;
    return 0.5 * (x2 * x2 - 16 * x2 + 5 * x + y2 * y2 - 16 * y2 + 5 * y);
  },
  gradient: (x, y, out) => {
    out[0] = x * (2 * x * x - 16) + 2.5;
    out[1] = y * (2 * y * y - 16) + 2.5;
  },
  // The same f and gradient for the GPU backend; tests/browser/landscape-wgsl.test.ts compares them.
  wgsl: /* wgsl */ `
fn f(x: f32, y: f32) -> f32 {
  let x2 = x * x;
  let y2 = y * y;
  return 0.5 * (x2 * x2 - 16.0 * x2 + 5.0 * x + y2 * y2 - 16.0 * y2 + 5.0 * y);
}

fn gradient(x: f32, y: f32) -> vec2f {
  return vec2f(x * (2.0 * x * x - 16.0) + 2.5, y * (2.0 * y * y - 16.0) + 2.5);
}
`,
  domain: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  minima: [
    { x: DEEP, y: DEEP, value: -78.33233140754282, global: true },
    { x: DEEP, y: SHALLOW, value: -64.19561235905536, global: false },
    { x: SHALLOW, y: DEEP, value: -64.19561235905536, global: false },
    { x: SHALLOW, y: SHALLOW, value: -50.05889331056788, global: false },
  ],
  learningRate: 0.01,
  logHeight: false,
  gradientTolerance: 1e-3,
};
