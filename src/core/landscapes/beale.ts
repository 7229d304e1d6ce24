import type { Landscape } from '../landscape.ts';

/**
 * Beale's function: flat lines at x = 0 and y = 1, steep walls (values near 2e5) in the corners,
 * hence the log scale and the small learning rate. Only about half the domain drains to (3, 0.5):
 * the rest follows a second valley that leaves the domain to the left just above y = 1, where f
 * keeps falling slowly toward about 0.45 without ever reaching a minimum.
 */
export const beale: Landscape = {
  id: 'beale',
  name: 'Beale',
  dimensions: 2,
  formula: '(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2',
  f: (x, y) => {
    const y2 = y * y;
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y2;
    const c = 2.625 - x + x * y2 * y;
    return a * a + b * b + c * c;
  },
  gradient: (x, y, out) => {
    const y2 = y * y;
    const y3 = y2 * y;
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y2;
    const c = 2.625 - x + x * y3;
    out[0] = 2 * (a * (y - 1) + b * (y2 - 1) + c * (y3 - 1));
    out[1] = 2 * x * (a + 2 * b * y + 3 * c * y2);
  },
  // The same f and gradient for the GPU backend; tests/browser/landscape-wgsl.test.ts compares them.
  wgsl: /* wgsl */ `
fn f(x: f32, y: f32) -> f32 {
  let y2 = y * y;
  let a = 1.5 - x + x * y;
  let b = 2.25 - x + x * y2;
  let c = 2.625 - x + x * y2 * y;
  return a * a + b * b + c * c;
}

fn gradient(x: f32, y: f32) -> vec2f {
  let y2 = y * y;
  let y3 = y2 * y;
  let a = 1.5 - x + x * y;
  let b = 2.25 - x + x * y2;
  let c = 2.625 - x + x * y3;
  return vec2f(
    2.0 * (a * (y - 1.0) + b * (y2 - 1.0) + c * (y3 - 1.0)),
    2.0 * x * (a + 2.0 * b * y + 3.0 * c * y2),
  );
}
`,
  domain: { xMin: -4.5, xMax: 4.5, yMin: -4.5, yMax: 4.5 },
  minima: [{ x: 3, y: 0.5, value: 0, global: true }],
  learningRate: 1e-4,
  logHeight: true,
  gradientTolerance: 1e-3,
};
