import type { Landscape } from '../landscape.ts';
import { turnSinCosWgsl } from '../turn-trig.ts';

const TWO_PI = 2 * Math.PI;

/**
 * Rastrigin's egg box: a bowl covered in ripples, one local minimum near every integer point.
 * Plain gradient descent stops in the nearest ripple; only the global minimum is listed.
 */
export const rastrigin: Landscape = {
  id: 'rastrigin',
  name: 'Rastrigin',
  dimensions: 2,
  formula: '20 + x^2 - 10 cos(2πx) + y^2 - 10 cos(2πy)',
  f: (x, y) => 20 + x * x - 10 * Math.cos(TWO_PI * x) + y * y - 10 * Math.cos(TWO_PI * y),
  gradient: (x, y, out) => {
    out[0] = 2 * x + 10 * TWO_PI * Math.sin(TWO_PI * x);
    out[1] = 2 * y + 10 * TWO_PI * Math.sin(TWO_PI * y);
  },
  // The same f and gradient for the GPU backend; tests/browser/landscape-wgsl.test.ts compares them.
  // sin and cos come from a float32-accurate polynomial in turns (turn-trig.ts), not the device's:
  // WGSL allows 2^-11 of error in them, SwiftShader's is ~1.9e-4, and times 20π in the gradient
  // that was 1.2e-2, above the settle tolerance, so the backends disagreed on when a ball in a
  // ripple settles. The polynomial reduces 2πx exactly (x - round(x) in turns), too.
  wgsl: /* wgsl */ `
${turnSinCosWgsl('rastrigin_sinCosTurn')}
fn f(x: f32, y: f32) -> f32 {
  let waveX = rastrigin_sinCosTurn(x);
  let waveY = rastrigin_sinCosTurn(y);
  return 20.0 + x * x - 10.0 * waveX.y + y * y - 10.0 * waveY.y;
}

fn gradient(x: f32, y: f32) -> vec2f {
  const TWO_PI: f32 = ${TWO_PI};
  let waveX = rastrigin_sinCosTurn(x);
  let waveY = rastrigin_sinCosTurn(y);
  return vec2f(2.0 * x + 10.0 * TWO_PI * waveX.x, 2.0 * y + 10.0 * TWO_PI * waveY.x);
}
`,
  domain: { xMin: -5.12, xMax: 5.12, yMin: -5.12, yMax: 5.12 },
  minima: [{ x: 0, y: 0, value: 0, global: true }],
  learningRate: 0.002,
  logHeight: false,
  gradientTolerance: 1e-2,
};
