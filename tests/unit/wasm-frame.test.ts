/**
 * The WebAssembly frame (src/core/wasm/descent-frame.ts) against the JavaScript engine, every
 * optimizer on every preset: 4,100 balls, 200 steps in batches of 40, at the rates the GPU is
 * compared at (tests/parity-rates.ts). The frame computes in
 * float32 and the engine in float64 (both store float32), so, as between the CPU and the GPU,
 * statuses agree almost everywhere and positions to a few ulps of the span, except where a
 * landscape amplifies a rounding difference.
 */
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/core/expr/index.ts';
import { PRESETS } from '../../src/core/landscapes/index.ts';
import { counterClock } from '../../src/core/optimizers/counter-clock.ts';
import { OPTIMIZERS } from '../../src/core/optimizers/index.ts';
import { createSimulation, settleCriteria } from '../../src/core/simulation.ts';
import { ACTIVE, CONVERGED, DIVERGED } from '../../src/core/status.ts';
import { descentFrame } from '../../src/core/wasm/descent-frame.ts';
import { type Comparison, compareSnapshots, parityRate } from '../parity.ts';

/** A multiple of 4 but not of 4 × INTERLEAVED_QUADS: the one-quad loop takes the last quad. */
const N = 4100;
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
function compare(presetId: string, optimizerId: string): Comparison {
  const preset = PRESETS.find((p) => p.id === presetId)!;
  const optimizer = OPTIMIZERS.find((o) => o.id === optimizerId)!;
  const learningRate = parityRate(preset, optimizerId);
  const engine = createSimulation({
    landscape: preset.id,
    particleCount: N,
    seed: 1,
    groups: [{ optimizer: optimizerId, learningRate }],
  });
  const compiled = compileExpression(preset.expression!);
  if (!compiled.ok) throw new Error(`${preset.id} does not compile`);
  const stateArrays = optimizer.stateNames.length;
  const memory = new WebAssembly.Memory({
    initial: Math.ceil((N * 4 * (5 + stateArrays)) / 65_536) + 1,
    maximum: 1024,
  });
  const floats = (k: number) => new Float32Array(memory.buffer, k * N * 4, N);
  const ints = (k: number) => new Int32Array(memory.buffer, k * N * 4, N);
  const [x, y, status, calm, convergedAt] = [floats(0), floats(1), ints(2), ints(3), ints(4)];
  x.set(engine.x);
  y.set(engine.y);
  const frame = descentFrame(
    {
      ir: compiled.expression.float32Ir,
      criteria: settleCriteria(preset, preset.domain),
      optimizer,
      params: {},
    },
    memory,
  );
  const clock = counterClock(optimizer, {});
  const counters = new Float64Array(2);
  for (let done = 0; done < STEPS; done += BATCH) {
    clock.at(done, counters);
    frame.advance(
      0,
      N * 4,
      2 * N * 4,
      3 * N * 4,
      4 * N * 4,
      5 * N * 4,
      N,
      BATCH,
      learningRate,
      done,
      counters[0]!,
      counters[1]!,
    );
    engine.step(BATCH);
  }
  expect(calm.every((c) => c >= 0 && c <= 5)).toBe(true);
  expect(status.every((code) => code === ACTIVE || code === CONVERGED || code === DIVERGED)).toBe(true);
  return compareSnapshots(
    preset,
    { x, y, status: Uint8Array.from(status), convergedAt: Uint32Array.from(convergedAt) },
    engine.snapshot(),
  );
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
});
