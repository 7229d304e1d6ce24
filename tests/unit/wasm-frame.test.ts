/**
 * The WebAssembly kernel (src/core/wasm/descent-frame.ts, createSimulation's default) against the
 * JavaScript one (`kernel: 'js'`), every optimizer on every preset: 4,102 balls, 200 steps in
 * batches of 40, at the rates the GPU is compared at (tests/parity-rates.ts); then several groups
 * at once, noise, schedules, and the fallbacks. The frame computes in
 * float32 and the JavaScript kernel in float64 (both store float32), so, as between the CPU and the GPU,
 * statuses agree almost everywhere and positions to a few ulps of the span, except where a
 * landscape amplifies a rounding difference.
 */
import { describe, expect, it } from 'vitest';
import { customLandscape } from '../../src/core/custom-landscape.ts';
import type { IrValue } from '../../src/core/expr/ir.ts';
import { PRESETS } from '../../src/core/landscapes/index.ts';
import { OPTIMIZERS } from '../../src/core/optimizers/index.ts';
import { createSimulation, type Simulation, type SimulationConfig } from '../../src/core/simulation.ts';
import { ACTIVE, CONVERGED, DIVERGED } from '../../src/core/status.ts';
import { type Comparison, compareSnapshots, parityRate } from '../parity.ts';

/**
 * Not a multiple of 4, nor of 4 × INTERLEAVED_QUADS: the one-quad loop and the masked tail both
 * run.
 */
const N = 4102;
const STEPS = 200;
const BATCH = 40;
const ULP_SHARE = 2 ** -23;

/** Worst distance (as a share of the span) where a landscape amplifies rounding (gpu-parity.test.ts). */
const WORST: Readonly<Record<string, number>> = {
  rosenbrock: 0.3,
  goldstein: 0.03,
  beale: 0.5,
  sixhump: 2048 * ULP_SHARE,
};

function run(config: SimulationConfig): Simulation {
  const sim = createSimulation(config);
  for (let done = 0; done < STEPS; done += BATCH) sim.step(BATCH);
  return sim;
}

/** The same run on both kernels: the WebAssembly one must really be WebAssembly. */
function runBoth(config: SimulationConfig): { wasm: Simulation; js: Simulation } {
  const wasm = run(config);
  expect(wasm.kernel, `${wasm.kernelFallback}`).toBe('wasm');
  const js = run({ ...config, kernel: 'js' });
  expect(js.kernel).toBe('js');
  expect(wasm.snapshot().calm.every((c) => c >= 0 && c <= 5)).toBe(true);
  expect(wasm.status.every((code) => code === ACTIVE || code === CONVERGED || code === DIVERGED)).toBe(true);
  return { wasm, js };
}

function compare(presetId: string, optimizerId: string): Comparison {
  const preset = PRESETS.find((p) => p.id === presetId)!;
  const learningRate = parityRate(preset, optimizerId);
  const { wasm, js } = runBoth({
    landscape: preset.id,
    particleCount: N,
    seed: 1,
    groups: [{ optimizer: optimizerId, learningRate }],
  });
  return compareSnapshots(preset, wasm.snapshot(), js.snapshot());
}

describe('WebAssembly frame against the JavaScript engine', () => {
  for (const optimizer of OPTIMIZERS) {
    it(`${optimizer.id} on every preset: statuses, convergence steps and positions alike`, () => {
      for (const preset of PRESETS) {
        const c = compare(preset.id, optimizer.id);
        const what = `${optimizer.id} on ${preset.id}`;
        const convergedAtShare = c.convergedBoth ? c.convergedAtAgree / c.convergedBoth : 1;
        console.info(
          `${what}: statuses ${((100 * c.statusAgree) / N).toFixed(2)}% alike, convergence steps ` +
            `${(100 * convergedAtShare).toFixed(1)}% alike (${c.convergedBoth} converged), positions p99 ` +
            `${(c.p99 / ULP_SHARE).toFixed(1)} ulps, worst ${c.worst.toExponential(2)} of the span`,
        );
        expect(c.statusAgree / N, what).toBeGreaterThanOrEqual(0.995);
        expect(convergedAtShare, what).toBeGreaterThanOrEqual(0.95);
        expect(c.p99, what).toBeLessThanOrEqual(256 * ULP_SHARE);
        expect(c.worst, what).toBeLessThanOrEqual(WORST[preset.id] ?? 1e-3);
      }
    });
  }

  it('gradient descent converges balls on every preset but the saddle: the rule is exercised', () => {
    for (const preset of PRESETS.filter((p) => p.id !== 'saddle')) {
      expect(compare(preset.id, 'gd').convergedBoth, preset.id).toBeGreaterThan(0);
    }
  });

  it('several groups at once (runs not on a quad boundary), with noise and a schedule', () => {
    const preset = PRESETS.find((p) => p.id === 'himmelblau')!;
    const { wasm, js } = runBoth({
      landscape: preset.id,
      particleCount: 3 * 1001,
      seed: 5,
      groups: [
        { optimizer: 'gd', learningRate: 0.01, noise: 2 },
        { optimizer: 'adam', learningRate: 0.05, schedule: { kind: 'step', every: 30, factor: 0.5 } },
        { optimizer: 'momentum', learningRate: 0.002, noise: 0.5 },
      ],
    });
    const a = wasm.snapshot();
    const b = js.snapshot();
    for (let g = 0; g < 3; g++) {
      const part = (snap: typeof a) => {
        const range = [g * 1001, (g + 1) * 1001] as const;
        return {
          x: snap.x.subarray(...range),
          y: snap.y.subarray(...range),
          status: snap.status.subarray(...range),
          convergedAt: snap.convergedAt.subarray(...range),
        };
      };
      const c = compareSnapshots(preset, part(a), part(b));
      expect(c.statusAgree / 1001, `group ${g}`).toBeGreaterThanOrEqual(0.99);
      expect(c.p99, `group ${g}`).toBeLessThanOrEqual(1024 * ULP_SHARE);
    }
    // The noise moved the noisy groups off the noiseless path: not all converged alike.
    expect(a.status.subarray(0, 1001).some((s, i) => s !== a.status[1001 + i])).toBe(true);
  });

  it('typed landscapes with pow, atan and the other functions WebAssembly lacks: statuses and positions alike', () => {
    /** The operations under `roots`. */
    const operations = (roots: readonly IrValue[]): Set<string> => {
      const found = new Set<string>();
      const seen = new Set<number>();
      const visit = (value: IrValue): void => {
        if (seen.has(value.id)) return;
        seen.add(value.id);
        if (value.kind !== 'op') return;
        found.add(value.op);
        value.args.forEach(visit);
      };
      roots.forEach(visit);
      return found;
    };
    for (const [text, inGradient] of [
      // d/dx has atan (2 atan(x) / (1 + x^2)), d/dy a pow (2.5 (y^2 + 1)^0.25 y).
      ['atan(x)^2 + (y^2 + 1)^1.25', ['atan', 'pow']],
      // The rest, in f (which the frame compiles too) and many in the gradient.
      [
        'tanh(x) * sinh(y / 3) + cosh(x / 4) + atan2(y, x - 6) + asin(x / 6) * acos(y / 6) + tan(x / 4) + sign(x) * x^2 / 10 + (x^2 + 1)^(y / 5)',
        ['tanh', 'sinh', 'cosh', 'asin', 'acos', 'tanTurn', 'sign', 'pow'],
      ],
    ] as const) {
      const custom = customLandscape(text, null);
      if (!custom.ok) throw new Error(`${text}: ${custom.error.message}`);
      const gradientOperations = operations(custom.expression.float32Ir.slice(1));
      for (const op of inGradient)
        expect(gradientOperations, `${op} in the gradient of ${text}`).toContain(op);
      const n = 1001;
      for (const optimizer of ['gd', 'adam']) {
        const { wasm, js } = runBoth({
          landscape: custom.landscape,
          particleCount: n,
          seed: 3,
          groups: [{ optimizer, learningRate: parityRate(custom.landscape, optimizer) }],
        });
        const c = compareSnapshots(custom.landscape, wasm.snapshot(), js.snapshot());
        const what = `${optimizer} on ${text}`;
        console.info(
          `${what}: statuses ${((100 * c.statusAgree) / n).toFixed(2)}% alike, positions p99 ${(c.p99 / ULP_SHARE).toFixed(1)} ulps`,
        );
        expect(c.statusAgree / n, what).toBeGreaterThanOrEqual(0.99);
        expect(c.p99, what).toBeLessThanOrEqual(256 * ULP_SHARE);
      }
    }
  });

  it('falls back to JavaScript, saying why', () => {
    const base = { landscape: 'bowl', particleCount: 10 };
    expect(createSimulation(base).kernel).toBe('wasm');
    expect(createSimulation({ ...base, precision: 'float64' }).kernelFallback).toBe('float64');
    expect(createSimulation({ ...base, kernel: 'js' }).kernelFallback).toBe('asked');
    const { expression: _, ...noFormula } = PRESETS.find((p) => p.id === 'bowl')!;
    expect(createSimulation({ ...base, landscape: noFormula }).kernelFallback).toBe('no-formula');
  });
});
