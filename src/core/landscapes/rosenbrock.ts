import type { Landscape } from '../landscape.ts';

/**
 * Rosenbrock's banana valley: finding the valley is easy, following its gentle floor to (1, 1) is
 * slow, and the walls are steep enough (curvature ~5000 at the corners) that larger rates blow up.
 */
export const rosenbrock: Landscape = {
  id: 'rosenbrock',
  name: 'Rosenbrock',
  dimensions: 2,
  formula: '(1 - x)^2 + 100(y - x^2)^2',
  f: (x, y) => {
    const a = 1 - x;
    const b = y - x * x;
    return a * a + 100 * b * b;
  },
  gradient: (x, y, out) => {
    const b = y - x * x;
    out[0] = -2 * (1 - x) - 400 * x * b;
    out[1] = 200 * b;
  },
  // The same f and gradient for the GPU backend; tests/browser/landscape-wgsl.test.ts compares them.
  wgsl: /* wgsl */ `
fn f(x: f32, y: f32) -> f32 {
  let a = 1.0 - x;
  let b = y - x * x;
  return a * a + 100.0 * b * b;
}

fn gradient(x: f32, y: f32) -> vec2f {
  let b = y - x * x;
  return vec2f(-2.0 * (1.0 - x) - 400.0 * x * b, 200.0 * b);
}
`,
  domain: { xMin: -2, xMax: 2, yMin: -1, yMax: 3 },
  minima: [{ x: 1, y: 1, value: 0, global: true }],
  learningRate: 0.001,
  logHeight: true,
  gradientTolerance: 1e-3,
};
