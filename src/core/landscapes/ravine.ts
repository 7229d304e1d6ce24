import type { Landscape } from '../landscape.ts';

/**
 * An ill-conditioned bowl (curvatures 1 and 50, condition number 50). At the recommended rate plain
 * gradient descent zig-zags across the narrow y axis while it crawls along the long x axis, which
 * is the picture momentum is meant to fix.
 */
export const ravine: Landscape = {
  id: 'ravine',
  name: 'Ravine',
  dimensions: 2,
  formula: 'x^2/2 + 25y^2',
  f: (x, y) => 0.5 * x * x + 25 * y * y,
  gradient: (x, y, out) => {
    out[0] = x;
    out[1] = 50 * y;
  },
  // The same f and gradient for the GPU backend; tests/browser/landscape-wgsl.test.ts compares them.
  wgsl: /* wgsl */ `
fn f(x: f32, y: f32) -> f32 {
  return 0.5 * x * x + 25.0 * y * y;
}

fn gradient(x: f32, y: f32) -> vec2f {
  return vec2f(x, 50.0 * y);
}
`,
  domain: { xMin: -10, xMax: 10, yMin: -4, yMax: 4 },
  minima: [{ x: 0, y: 0, value: 0, global: true }],
  learningRate: 0.03,
  logHeight: false,
  // Along the trench and from higher up: from the default 3/4 view its near wall hides the floor.
  camera: { polar: 38, azimuth: 68 },
  gradientTolerance: 1e-3,
};
