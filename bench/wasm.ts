/**
 * WebAssembly SIMD on one thread against the plain hand-written JavaScript loop, same balls, same
 * steps, same run (issue 13's first steps): the gradient-descent frame with the settle and bounds
 * rules (what the plain loop does too), and the bare descent without them (the floor).
 */
import { compileExpression } from '../src/core/expr/index.ts';
import { findPreset } from '../src/core/landscapes/index.ts';
import { findOptimizer } from '../src/core/optimizers/index.ts';
import { createSimulation, settleCriteria } from '../src/core/simulation.ts';
import { descentFrame } from '../src/core/wasm/descent-frame.ts';
import { gradientKernel } from '../src/core/wasm/gradient-kernel.ts';
import { type PlainBalls, plainLoop } from './plain-loops.ts';

export interface WasmBenchRow {
  landscape: string;
  /** The frame: statuses decided as the engine does. */
  frame: number;
  /** Bare steps, no statuses. */
  bare: number;
  plain: number;
}

const LANDSCAPES = ['bowl', 'rosenbrock', 'rastrigin', 'himmelblau'] as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

export function runWasmBench(particleCount: number, steps: number, rounds: number): WasmBenchRow[] {
  const count = particleCount - (particleCount % 4);
  const pages = Math.ceil((count * 20) / 65_536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const x = new Float32Array(memory.buffer, 0, count);
  const y = new Float32Array(memory.buffer, count * 4, count);
  const ints = new Int32Array(memory.buffer, count * 8, count * 3);
  const rows: WasmBenchRow[] = [];
  for (const id of LANDSCAPES) {
    const landscape = findPreset(id)!;
    const compiled = compileExpression(landscape.expression!);
    if (!compiled.ok) throw new Error(`bench: ${id} does not compile`);
    const kernel = gradientKernel(compiled.expression.float32Ir, memory);
    const criteria = settleCriteria(landscape, landscape.domain);
    const frame = descentFrame(
      { ir: compiled.expression.float32Ir, criteria, optimizer: findOptimizer('gd')!, params: {} },
      memory,
    );
    const start = createSimulation({ landscape: id, particleCount: count, seed: 1 });
    const plain: PlainBalls = {
      x: new Float32Array(count),
      y: new Float32Array(count),
      status: new Uint8Array(count),
      calm: new Uint8Array(count),
      convergedAt: new Uint32Array(count),
    };
    // The preset's rate, as bench/cpu.ts runs the plain loop: balls settle as in the app.
    const rate = landscape.learningRate;
    const frameRates: number[] = [];
    const wasmRates: number[] = [];
    const plainRates: number[] = [];
    for (let round = 0; round <= rounds; round++) {
      x.set(start.x);
      y.set(start.y);
      ints.fill(0);
      let t0 = performance.now();
      frame.advance(0, count * 4, count * 8, count * 12, count * 16, count * 20, count, steps, rate, 0, 0, 0);
      const frameSeconds = (performance.now() - t0) / 1000;
      x.set(start.x);
      y.set(start.y);
      t0 = performance.now();
      kernel.descend(0, count * 4, count, steps, rate);
      const wasmSeconds = (performance.now() - t0) / 1000;
      plain.x.set(start.x);
      plain.y.set(start.y);
      plain.status.fill(0);
      plain.calm.fill(0);
      t0 = performance.now();
      plainLoop(id, plain, steps, rate, criteria, 0);
      const plainSeconds = (performance.now() - t0) / 1000;
      if (round > 0) {
        frameRates.push((count * steps) / frameSeconds);
        wasmRates.push((count * steps) / wasmSeconds);
        plainRates.push((count * steps) / plainSeconds);
      }
    }
    rows.push({
      landscape: id,
      frame: median(frameRates),
      bare: median(wasmRates),
      plain: median(plainRates),
    });
  }
  return rows;
}
