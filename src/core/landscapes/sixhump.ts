import type { Landscape } from '../landscape.ts';

/**
 * The six-hump camel: two global minima, two shallower local ones and two high ones. Minima found
 * with 50-digit Newton iteration (the often-quoted 0.08984201368301331 is off by about 6e-10).
 */
export const sixhump: Landscape = {
  id: 'sixhump',
  name: 'Six-hump camel',
  dimensions: 2,
  formula: '(4 - 2.1x^2 + x^4/3)x^2 + xy + (4y^2 - 4)y^2',
  f: (x, y) => {
    const x2 = x * x;
    const y2 = y * y;
    return (4 - 2.1 * x2 + (x2 * x2) / 3) * x2 + x * y + (4 * y2 - 4) * y2;
  },
  gradient: (x, y, out) => {
    const x2 = x * x;
    out[0] = x * (8 - 8.4 * x2 + 2 * x2 * x2) + y;
    out[1] = x + y * (16 * y * y - 8);
  },
  // The same f and gradient for the GPU backend; tests/browser/landscape-wgsl.test.ts compares them.
  wgsl: /* wgsl */ `
fn f(x: f32, y: f32) -> f32 {
  let x2 = x * x;
  let y2 = y * y;
  return (4.0 - 2.1 * x2 + (x2 * x2) / 3.0) * x2 + x * y + (4.0 * y2 - 4.0) * y2;
}

fn gradient(x: f32, y: f32) -> vec2f {
  let x2 = x * x;
  return vec2f(x * (8.0 - 8.4 * x2 + 2.0 * x2 * x2) + y, x + y * (16.0 * y * y - 8.0));
}
`,
  domain: { xMin: -3, xMax: 3, yMin: -2, yMax: 2 },
  minima: [
    { x: 0.08984201310031806, y: -0.7126564030207396, value: -1.0316284534898774, global: true },
    { x: -0.08984201310031806, y: 0.7126564030207396, value: -1.0316284534898774, global: true },
    { x: 1.703606714969981, y: -0.7960835686726251, value: -0.2154638243837184, global: false },
    { x: -1.703606714969981, y: 0.7960835686726251, value: -0.2154638243837184, global: false },
    { x: 1.6071047529201974, y: 0.5686514548841314, value: 2.1042503103112575, global: false },
    { x: -1.6071047529201974, y: -0.5686514548841314, value: 2.1042503103112575, global: false },
  ],
  learningRate: 0.002,
  logHeight: false,
  gradientTolerance: 1e-3,
};
