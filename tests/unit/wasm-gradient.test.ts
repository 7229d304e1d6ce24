/**
 * A landscape's f and gradient as WebAssembly SIMD (src/core/wasm): every preset the emitter
 * covers against its JavaScript, sine and cosine bit for bit against the float32 model of the
 * WGSL's polynomials.
 */
import { describe, expect, it } from 'vitest';
import { compileExpression, EXPRESSION_FUNCTIONS } from '../../src/core/expr/index.ts';
import { PRESETS } from '../../src/core/landscapes/index.ts';
import { createRng } from '../../src/core/rng.ts';
import { turnSinCosFloat32 } from '../../src/core/turn-trig.ts';
import { gradientKernel } from '../../src/core/wasm/gradient-kernel.ts';

const N = 256;

function compiled(text: string) {
  const result = compileExpression(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return result.expression;
}

/** Memory with five arrays of N floats: x, y, f, gx, gy. */
function arrays() {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1024 });
  const view = (k: number) => new Float32Array(memory.buffer, k * N * 4, N);
  return { memory, x: view(0), y: view(1), f: view(2), gx: view(3), gy: view(4) };
}

describe('WebAssembly SIMD gradient', () => {
  const covered = PRESETS.filter((preset) => preset.expression);

  it('covers every preset', () => {
    expect(covered.map((preset) => preset.id).sort()).toEqual(PRESETS.map((preset) => preset.id).sort());
  });

  for (const preset of covered) {
    it(`${preset.id}: f and gradient within float32 of the JavaScript`, () => {
      const { memory, x, y, f, gx, gy } = arrays();
      const kernel = gradientKernel(compiled(preset.expression!).float32Ir, memory);
      const rng = createRng(7);
      const random = () => rng.next();
      const { xMin, xMax, yMin, yMax } = preset.domain;
      for (let i = 0; i < N; i++) {
        x[i] = xMin + random() * (xMax - xMin);
        y[i] = preset.dimensions === 1 ? 0 : yMin + random() * (yMax - yMin);
      }
      kernel.evaluate(0, N * 4, 2 * N * 4, 3 * N * 4, 4 * N * 4, N);
      const expected = { f: new Float64Array(N), gx: new Float64Array(N), gy: new Float64Array(N) };
      const out = new Float64Array(2);
      for (let i = 0; i < N; i++) {
        expected.f[i] = preset.f(x[i]!, y[i]!);
        preset.gradient(x[i]!, y[i]!, out);
        expected.gx[i] = out[0]!;
        expected.gy[i] = out[1]!;
      }
      for (const [name, got, want] of [
        ['f', f, expected.f],
        ['df/dx', gx, expected.gx],
        ['df/dy', gy, expected.gy],
      ] as const) {
        // Float32 arithmetic on terms up to the batch's largest value.
        const scale = Math.max(1, ...Array.from(want, Math.abs));
        for (let i = 0; i < N; i++) {
          expect(Math.abs(got[i]! - want[i]!), `${name} at (${x[i]}, ${y[i]})`).toBeLessThan(2e-6 * scale);
        }
      }
    });
  }

  it('takes sine and cosine in turns bit for bit as the WGSL’s float32 model', () => {
    const { memory, x, y, f, gx } = arrays();
    const kernel = gradientKernel(compiled('sin(2*pi*x)').float32Ir, memory);
    const rng = createRng(3);
    const random = () => rng.next();
    for (let i = 0; i < N; i++) {
      // Every quarter, both signs, halves and large turns.
      x[i] = i < 16 ? (i - 8) / 4 : (random() - 0.5) * 2 ** (i % 20);
      y[i] = 0;
    }
    kernel.evaluate(0, N * 4, 2 * N * 4, 3 * N * 4, 4 * N * 4, N);
    for (let i = 0; i < N; i++) {
      const [sine, cosine] = turnSinCosFloat32(x[i]!);
      expect(f[i], `sin at ${x[i]} turns`).toBe(sine);
      // d/dx sin(2πx) = 2π cos(2πx), the 2π rounded to float32 first.
      expect(gx[i], `cos at ${x[i]} turns`).toBe(Math.fround(Math.fround(2 * Math.PI) * cosine));
    }
  });

  it('has float32 code for every function a formula may call (nothing left to refuse)', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16 });
    for (const fn of EXPRESSION_FUNCTIONS) {
      const text = `${fn.name}(${fn.arity === 1 ? 'x * y' : 'x, y'})`;
      expect(() => gradientKernel(compiled(text).float32Ir, memory), text).not.toThrow();
    }
  });
});
