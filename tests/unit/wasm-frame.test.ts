/**
 * The WebAssembly gradient-descent frame (src/core/wasm/descent-frame.ts) against the JavaScript
 * engine on every preset it covers: 4,096 balls, 200 steps at each preset's rate, in batches of
 * 40 steps. The frame computes in float32 and the engine's gradient in float64 (both store
 * float32 positions), so, as between the CPU and the GPU, statuses agree almost everywhere and
 * positions to a few ulps of the span, except where a landscape amplifies a rounding difference.
 */
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/core/expr/index.ts';
import { PRESETS } from '../../src/core/landscapes/index.ts';
import { createSimulation, settleCriteria } from '../../src/core/simulation.ts';
import { ACTIVE, CONVERGED, DIVERGED } from '../../src/core/status.ts';
import { descentFrame } from '../../src/core/wasm/descent-frame.ts';

const N = 4096;
const STEPS = 200;
const BATCH = 40;
const ULP_SHARE = 2 ** -23;

/** Worst distance (as a share of the span) for landscapes that amplify rounding (gpu-parity.test.ts). */
const WORST: Readonly<Record<string, number>> = {
  rosenbrock: 0.3,
  goldstein: 0.03,
  beale: 0.5,
  sixhump: 2048 * ULP_SHARE,
};

describe('WebAssembly gradient-descent frame', () => {
  for (const preset of PRESETS) {
    it(`${preset.id}: statuses, convergence steps and positions as the JavaScript engine's`, () => {
      const engine = createSimulation({ landscape: preset.id, particleCount: N, seed: 1 });
      const compiled = compileExpression(preset.expression!);
      if (!compiled.ok) throw new Error(`${preset.id} does not compile`);
      const memory = new WebAssembly.Memory({ initial: Math.ceil((N * 20) / 65_536), maximum: 1024 });
      const view = <T extends Float32Array | Int32Array>(
        k: number,
        Type: new (b: ArrayBuffer, o: number, n: number) => T,
      ): T => new Type(memory.buffer, k * N * 4, N);
      const x = view(0, Float32Array);
      const y = view(1, Float32Array);
      const status = view(2, Int32Array);
      const calm = view(3, Int32Array);
      const convergedAt = view(4, Int32Array);
      x.set(engine.x);
      y.set(engine.y);
      const frame = descentFrame(
        compiled.expression.float32Ir,
        settleCriteria(preset, preset.domain),
        memory,
      );
      for (let done = 0; done < STEPS; done += BATCH) {
        frame.advance(0, N * 4, 2 * N * 4, 3 * N * 4, 4 * N * 4, N, BATCH, preset.learningRate, done);
        engine.step(BATCH);
      }
      expect(calm.every((c) => c >= 0 && c <= 5)).toBe(true);
      const span = Math.max(preset.domain.xMax - preset.domain.xMin, preset.domain.yMax - preset.domain.yMin);
      const engineConvergedAt = engine.snapshot().convergedAt;
      let sameStatus = 0;
      let bothConverged = 0;
      let sameStep = 0;
      const distances: number[] = [];
      for (let i = 0; i < N; i++) {
        expect([ACTIVE, CONVERGED, DIVERGED]).toContain(status[i]);
        if (status[i] !== engine.status[i]) continue;
        sameStatus++;
        if (status[i] === CONVERGED) {
          bothConverged++;
          if (convergedAt[i] === engineConvergedAt[i]) sameStep++;
        }
        distances.push(Math.hypot(x[i]! - engine.x[i]!, y[i]! - engine.y[i]!) / span);
      }
      distances.sort((a, b) => a - b);
      const p99 = distances[Math.floor(0.99 * (distances.length - 1))] ?? 0;
      const worst = distances.at(-1) ?? 0;
      console.info(
        `${preset.id}: statuses ${((100 * sameStatus) / N).toFixed(2)}% alike, convergence steps ` +
          `${bothConverged ? ((100 * sameStep) / bothConverged).toFixed(1) : '-'}% alike, positions p99 ` +
          `${(p99 / ULP_SHARE).toFixed(1)} ulps, worst ${worst.toExponential(2)} of the span`,
      );
      expect(sameStatus / N).toBeGreaterThanOrEqual(0.995);
      if (bothConverged > 0) expect(sameStep / bothConverged).toBeGreaterThanOrEqual(0.95);
      // Every preset but the saddle's has balls converge within the run: the rule is exercised.
      if (preset.id !== 'saddle') expect(bothConverged).toBeGreaterThan(0);
      expect(p99).toBeLessThanOrEqual(256 * ULP_SHARE);
      expect(worst).toBeLessThanOrEqual(WORST[preset.id] ?? 1e-3);
    });
  }
});
