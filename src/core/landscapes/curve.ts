import type { Landscape } from '../landscape.ts';

/**
 * The chapter's worked example, error(x) = (x - 3)^2 + 2. The lesson reproduces its five steps
 * from x = -1 at learning rate 0.1, so the arithmetic here is kept exactly as written there.
 */
export const curve: Landscape = {
  id: 'curve',
  name: 'Textbook curve',
  dimensions: 1,
  formula: '(x - 3)^2 + 2',
  f: (x) => (x - 3) * (x - 3) + 2,
  gradient: (x, _y, out) => {
    out[0] = 2 * (x - 3);
    out[1] = 0;
  },
  // The same f and gradient for the GPU backend; tests/browser/landscape-wgsl.test.ts compares them.
  wgsl: /* wgsl */ `
fn f(x: f32, y: f32) -> f32 {
  return (x - 3.0) * (x - 3.0) + 2.0;
}

fn gradient(x: f32, y: f32) -> vec2f {
  return vec2f(2.0 * (x - 3.0), 0.0);
}
`,
  domain: { xMin: -2, xMax: 8, yMin: 0, yMax: 0 },
  minima: [{ x: 3, y: 0, value: 2, global: true }],
  learningRate: 0.1,
  logHeight: false,
  gradientTolerance: 1e-3,
};
