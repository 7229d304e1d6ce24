/**
 * CPU engine vs a plain hand-written loop, same balls, same steps, same process, interleaved
 * rounds. Prints particle-steps per second of each and their ratio (engine / plain).
 */
import { findPreset } from '../src/core/landscapes/index.ts';
import { createSimulation, settleCriteria } from '../src/core/simulation.ts';
import { type PlainBalls, plainLoop } from './plain-loops.ts';

export interface CpuBenchRow {
  landscape: string;
  engine: number;
  plain: number;
  ratio: number;
}

const LANDSCAPES = ['bowl', 'rosenbrock', 'rastrigin', 'himmelblau'] as const;

/** Median of a small list. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function runCpuBench(particleCount: number, steps: number, rounds: number): CpuBenchRow[] {
  const rows: CpuBenchRow[] = [];
  for (const id of LANDSCAPES) {
    const landscape = findPreset(id)!;
    const sim = createSimulation({ landscape: id, particleCount, seed: 1, kernel: 'js' });
    const criteria = settleCriteria(landscape, landscape.domain);
    const start = { x: Float32Array.from(sim.x), y: Float32Array.from(sim.y) };
    const plain: PlainBalls = {
      x: new Float32Array(particleCount),
      y: new Float32Array(particleCount),
      status: new Uint8Array(particleCount),
      calm: new Uint8Array(particleCount),
      convergedAt: new Uint32Array(particleCount),
    };
    const resetPlain = (): void => {
      plain.x.set(start.x);
      plain.y.set(start.y);
      plain.status.fill(0);
      plain.calm.fill(0);
      plain.convergedAt.fill(0);
    };
    const engineRates: number[] = [];
    const plainRates: number[] = [];
    // Round 0 warms both up (JIT) and is not counted.
    for (let round = 0; round <= rounds; round++) {
      sim.reset();
      let t0 = performance.now();
      sim.step(steps);
      const engineSeconds = (performance.now() - t0) / 1000;
      resetPlain();
      t0 = performance.now();
      plainLoop(id, plain, steps, landscape.learningRate, criteria, 0);
      const plainSeconds = (performance.now() - t0) / 1000;
      if (round > 0) {
        engineRates.push((particleCount * steps) / engineSeconds);
        plainRates.push((particleCount * steps) / plainSeconds);
      }
    }
    // Same work, same answer: the baseline is only a baseline if it computes what the engine does.
    for (let i = 0; i < particleCount; i++) {
      if (plain.x[i] !== sim.x[i] || plain.y[i] !== sim.y[i] || plain.status[i] !== sim.status[i]) {
        throw new Error(`bench: plain loop and engine disagree on ${id} at ball ${i}`);
      }
    }
    const engine = median(engineRates);
    const plainRate = median(plainRates);
    rows.push({ landscape: id, engine, plain: plainRate, ratio: engine / plainRate });
  }
  return rows;
}
