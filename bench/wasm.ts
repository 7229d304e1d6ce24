/**
 * The WebAssembly SIMD kernel's floor (issue 13, first step): plain gradient-descent steps on one
 * thread with no statuses, against the plain hand-written JavaScript loop (which does keep them)
 * in the same run. What a full kernel with the settle and bounds rules will cost on top is the
 * next step; this says how much room the hardware gives.
 */
import { compileExpression } from '../src/core/expr/index.ts';
import { findPreset } from '../src/core/landscapes/index.ts';
import { createSimulation, settleCriteria } from '../src/core/simulation.ts';
import { gradientKernel } from '../src/core/wasm/gradient-kernel.ts';
import { type PlainBalls, plainLoop } from './plain-loops.ts';

export interface WasmBenchRow {
  landscape: string;
  wasm: number;
  plain: number;
}

const LANDSCAPES = ['bowl', 'rosenbrock', 'rastrigin', 'himmelblau'] as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

export function runWasmBench(particleCount: number, steps: number, rounds: number): WasmBenchRow[] {
  const count = particleCount - (particleCount % 4);
  const pages = Math.ceil((count * 8) / 65_536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const x = new Float32Array(memory.buffer, 0, count);
  const y = new Float32Array(memory.buffer, count * 4, count);
  const rows: WasmBenchRow[] = [];
  for (const id of LANDSCAPES) {
    const landscape = findPreset(id)!;
    const compiled = compileExpression(landscape.expression!);
    if (!compiled.ok) throw new Error(`bench: ${id} does not compile`);
    const kernel = gradientKernel(compiled.expression.float32Ir, memory);
    const start = createSimulation({ landscape: id, particleCount: count, seed: 1 });
    const criteria = settleCriteria(landscape, landscape.domain);
    const plain: PlainBalls = {
      x: new Float32Array(count),
      y: new Float32Array(count),
      status: new Uint8Array(count),
      calm: new Uint8Array(count),
      convergedAt: new Uint32Array(count),
    };
    // A rate low enough that few balls settle: a settled ball costs the plain loop nothing.
    const rate = landscape.learningRate / 100;
    const wasmRates: number[] = [];
    const plainRates: number[] = [];
    for (let round = 0; round <= rounds; round++) {
      x.set(start.x);
      y.set(start.y);
      let t0 = performance.now();
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
        wasmRates.push((count * steps) / wasmSeconds);
        plainRates.push((count * steps) / plainSeconds);
      }
    }
    rows.push({ landscape: id, wasm: median(wasmRates), plain: median(plainRates) });
  }
  return rows;
}
